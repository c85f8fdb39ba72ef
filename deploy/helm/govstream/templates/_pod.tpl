{{/* What a component needs beyond the shared settings: key files, state, its own settings. */}}
{{- define "govstream.componentEnv" -}}
{{- $values := .root.Values -}}
{{- if eq .component "governance" }}
- name: GOVERNANCE_STATE_DIR
  value: /var/lib/govstream/streams
- name: GOVERNANCE_COMMANDS_SIGNING_KEY
  value: /var/run/govstream/secrets/command-signing.json
- name: GOVERNANCE_LEDGER_SIGNING_KEY
  value: /var/run/govstream/secrets/ledger-signing.json
# The ledger's key-encryption key from a Secret of its own, as an environment variable (never a
# file next to the other keys): governance-streams reads it through env://GOVSTREAM_KEK.
- name: GOVSTREAM_KEK
  valueFrom:
    secretKeyRef: { name: {{ .svc.kekSecret | quote }}, key: ledger-kek.json }
- name: GOVERNANCE_LEDGER_KEK
  value: env://GOVSTREAM_KEK
- name: GOVERNANCE_VOTES_VERIFY_KEY
  value: /var/run/govstream/secrets/orbit-event-verify.json
- name: KAFKA_NUM_STANDBY_REPLICAS
  value: {{ .svc.standbyReplicas | quote }}
- name: KAFKA_NUM_STREAM_THREADS
  value: {{ .svc.streamThreads | quote }}
{{- else if eq .component "orbit" }}
- name: ORBIT_AUTH_JWT_SECRET_FILE
  value: /var/run/govstream/secrets/jwt-signing.password
- name: ORBIT_EVENTS_SIGNING_KEY
  value: /var/run/govstream/secrets/orbit-event-signing.json
{{- else if eq .component "axon" }}
- name: AXON_COMMANDS_VERIFY_KEY
  value: /var/run/govstream/secrets/command-verify.json
{{- else if eq .component "registry" }}
- name: REGISTRY_TOPIC
  value: {{ .svc.topic | quote }}
# Writes need HTTP basic credentials: these principals, with their SCRAM passwords as the files
# <principal>.password of the passwords Secret.
- name: REGISTRY_AUTH_USERS
  value: {{ join "," .svc.writers | quote }}
- name: REGISTRY_AUTH_PASSWORD_DIR
  value: /var/run/govstream/secrets
{{- end }}
{{- if and (ne .component "registry") $values.tracing.otlpEndpoint }}
# Spans over OTLP/HTTP (docs/observability.md, "Traces"); unset = off.
- name: TRACING_OTLP_ENDPOINT
  value: {{ $values.tracing.otlpEndpoint | quote }}
{{- end }}
{{- if ne .component "registry" }}
- name: REGISTRY_URL
  value: {{ include "govstream.registryUrl" .root | quote }}
# Registry writes as the service's own principal: its Kafka SCRAM login.
- name: REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE
  value: SASL_INHERIT
{{- end }}
{{- end -}}

{{/* The Secret holding a component's key files, or "" when it has none. */}}
{{- define "govstream.keySecret" -}}
{{- if eq .component "governance" }}{{ .svc.keysSecret }}
{{- else if eq .component "orbit" }}{{ .svc.tokenSecret }}
{{- else if eq .component "axon" }}{{ .svc.verifyKeySecret }}
{{- else if eq .component "registry" }}{{ .svc.passwordsSecret | default .root.Values.topologyApply.passwordsSecret }}
{{- end -}}
{{- end -}}

{{/*
Probes on the real endpoints: govstream services answer /health/live and /health/ready (runtime's
ProbesController); the registry has Micronaut's own /health/liveness and /health/readiness.
*/}}
{{- define "govstream.probes" -}}
{{- $live := ternary "/health/liveness" "/health/live" (eq .component "registry") -}}
{{- $ready := ternary "/health/readiness" "/health/ready" (eq .component "registry") -}}
startupProbe:
  httpGet: { path: {{ $live }}, port: http }
  periodSeconds: 5
  # governance-streams may restore state stores from their changelogs before it is live.
  failureThreshold: {{ ternary 120 24 (eq .component "governance") }}
livenessProbe:
  httpGet: { path: {{ $live }}, port: http }
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: { path: {{ $ready }}, port: http }
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
{{- end -}}

{{- define "govstream.podTemplate" -}}
{{- $keySecret := include "govstream.keySecret" . -}}
{{- $image := include "govstream.image" (dict "root" .root "image" .svc.image "tag" .svc.tag) -}}
metadata:
  labels:
    {{- include "govstream.labels" . | nindent 4 }}
spec:
  {{- include "govstream.podSecurity" .root | nindent 2 }}
  terminationGracePeriodSeconds: 45
  {{- if $keySecret }}
  initContainers:
    {{- include "govstream.secretFilesInit" (dict "root" .root "image" $image) | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ $image }}
      imagePullPolicy: {{ .root.Values.image.pullPolicy }}
      ports:
        - { name: http, containerPort: {{ .svc.port }}, protocol: TCP }
      env:
        - name: MICRONAUT_SERVER_PORT
          value: {{ .svc.port | quote }}
        {{- if ne .component "registry" }}
        - name: GOVSTREAM_LOG_FORMAT
          value: {{ .root.Values.logFormat | quote }}
        {{- end }}
        {{- include "govstream.kafkaEnv" (dict "root" .root "secret" .svc.kafkaSecret) | nindent 8 }}
        {{- include "govstream.componentEnv" . | nindent 8 }}
        {{- range $name, $value := .svc.env }}
        - name: {{ $name }}
          value: {{ $value | quote }}
        {{- end }}
      {{- include "govstream.probes" . | nindent 6 }}
      resources:
        {{- toYaml .svc.resources | nindent 8 }}
      {{- include "govstream.containerSecurity" . | nindent 6 }}
      volumeMounts:
        - { name: tmp, mountPath: /tmp }
        {{- if $keySecret }}
        - { name: secrets, mountPath: /var/run/govstream/secrets, readOnly: true }
        {{- end }}
        {{- if eq .component "governance" }}
        - { name: state, mountPath: /var/lib/govstream }
        {{- end }}
  volumes:
    {{- if $keySecret }}
    {{- include "govstream.secretFilesVolumes" (dict "secret" $keySecret) | nindent 4 }}
    {{- else }}
    - name: tmp
      emptyDir:
        sizeLimit: 256Mi
    {{- end }}
{{- end -}}

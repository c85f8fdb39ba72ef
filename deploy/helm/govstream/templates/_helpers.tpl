{{/* Resource name of a component: <release>-govstream-<component>, at most 63 characters. */}}
{{- define "govstream.name" -}}
{{- printf "%s-govstream-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object of the release carries. */}}
{{- define "govstream.labels" -}}
app.kubernetes.io/name: govstream
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/version: {{ .root.Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Selector labels of one component. */}}
{{- define "govstream.selector" -}}
app.kubernetes.io/name: govstream
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An image of the release; a service's own tag (set by the promotion workflow) wins over image.tag. */}}
{{- define "govstream.image" -}}
{{ printf "%s/%s:%s" .root.Values.image.registry .image (.tag | default .root.Values.image.tag) }}
{{- end -}}

{{/* The schema registry's URL: ours inside the release, or the external one. */}}
{{- define "govstream.registryUrl" -}}
{{- if .Values.registry.enabled -}}
{{ printf "http://%s:%v" (include "govstream.name" (dict "root" . "component" "registry")) .Values.services.registry.port }}
{{- else -}}
{{ required "registry.externalUrl is required when registry.enabled is false" .Values.registry.externalUrl }}
{{- end -}}
{{- end -}}

{{/* Kafka client settings as KAFKA_* variables (the services pass kafka.* to their clients verbatim). */}}
{{- define "govstream.kafkaEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ .root.Values.kafka.securityProtocol | quote }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .root.Values.kafka.saslMechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: sasl.jaas.config
{{- range $key, $value := .root.Values.kafka.config }}
- name: {{ printf "KAFKA_%s" ($key | replace "." "_" | replace "-" "_" | upper) }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Pod and container security: non-root (the images' user 10001), read-only root, no privileges. */}}
{{- define "govstream.podSecurity" -}}
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "govstream.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: ["ALL"]
{{- end -}}

{{/*
Key, password and client settings files must be readable by their owner only (the services and
govctl refuse others), but a Secret volume's files belong to root (group fsGroup): this init container copies them, mode 0600 and owned by the
service's user, into an in-memory volume. The images' Temurin base has a shell for it.
*/}}
{{- define "govstream.secretFilesInit" -}}
- name: secret-files
  image: {{ .image }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  command: ["sh", "-c", "cp -L /var/run/govstream/secrets-in/* /var/run/govstream/secrets/ && chmod 0600 /var/run/govstream/secrets/*"]
  {{- include "govstream.containerSecurity" . | nindent 2 }}
  resources:
    requests: { cpu: 10m, memory: 16Mi }
    limits: { memory: 64Mi }
  volumeMounts:
    - { name: secrets-in, mountPath: /var/run/govstream/secrets-in, readOnly: true }
    - { name: secrets, mountPath: /var/run/govstream/secrets }
{{- end -}}

{{/* The secret files' volumes: the Secret .secret (and the Secret .also, when given, in the same directory). */}}
{{- define "govstream.secretFilesVolumes" -}}
- name: secrets-in
  {{- if .also }}
  projected:
    defaultMode: 0440
    sources:
      - secret: { name: {{ .secret }} }
      - secret: { name: {{ .also }} }
  {{- else }}
  secret:
    secretName: {{ .secret }}
    defaultMode: 0440
  {{- end }}
- name: secrets
  emptyDir:
    medium: Memory
    sizeLimit: 1Mi
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}

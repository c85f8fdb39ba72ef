#!/bin/sh
# Runs once, as root, before everything else: copies the files 'govctl keys init' made into one
# volume per consumer, owned by the user that reads them and mode 0600 (the services refuse key
# files others can read), and writes each service's Kafka login as a Micronaut config file.
set -eu
in=/keys/secrets
svc=10001
copy() { # copy FILE VOLUME OWNER
  install -m 0600 -o "$3" -g "$3" "$in/$1" "/out/$2/$1"
}
login() { # login PRINCIPAL VOLUME
  umask 077
  printf 'kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\n' \
    "$1" "$(cat "$in/$1.password")" > "/out/$2/kafka-login.properties"
  chown "$svc:$svc" "/out/$2/kafka-login.properties"
}
copy admin.password kafka 1000
copy command-signing.json governance $svc
copy ledger-signing.json governance $svc
# The KEK comes from its own directory (GOVSTREAM_KEK_DIR), not with the other keys.
install -m 0600 -o "$svc" -g "$svc" /kek/ledger-kek.json /out/governance/ledger-kek.json
copy orbit-event-verify.json governance $svc
login governance governance
copy command-verify.json axon $svc
login axon axon
copy jwt-signing.password orbit $svc
copy orbit-event-signing.json orbit $svc
login orbit orbit
login registry registry
# The registry admits schema writes from these principals (HTTP basic, their SCRAM passwords).
for principal in governance orbit axon admin; do copy "$principal.password" registry $svc; done
for principal in admin governance orbit axon registry producer; do copy "$principal.password" govctl $svc; done
printf 'bootstrap.servers=kafka:9092\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="%s";\nbasic.auth.credentials.source=SASL_INHERIT\n' \
  "$(cat "$in/admin.password")" > /out/govctl/admin.properties
chown "$svc:$svc" /out/govctl/admin.properties
chmod 0600 /out/govctl/admin.properties
install -m 0644 /keys/ledger-signing.pub.json /out/govctl/ledger-signing.pub.json
# governance-streams' RocksDB state: a fresh named volume belongs to root.
chown "$svc:$svc" /out/state

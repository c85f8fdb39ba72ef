#!/bin/sh
# Formats the storage once (with the admin's SCRAM credential) and starts the broker. The admin
# password comes from the secrets volume; the generated config stays in the container's /tmp.
set -eu
password="$(cat /run/govstream-kafka/admin.password)"
umask 077
config=/tmp/server.properties
cp /etc/govstream-kafka/server.properties "$config"
cat >> "$config" <<JAAS
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$password";
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$password" user_admin="$password";
JAAS
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "${KAFKA_CLUSTER_ID}" --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$password]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"

package io.govstream.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Writes test fixtures in Kafka transactions, one list of records per transaction, in order. A
 * transaction the broker refuses (a single-node broker under load can answer a new transaction's
 * first produce with {@code INVALID_TXN_STATE} while the previous one's markers are still being
 * written) is aborted and written again by a new producer with the same transactional id, which
 * fences the old one: the fixture ends up with every transaction committed exactly once, as a Streams
 * task's output would after a retry.
 */
final class TransactionalWriter {
    private static final int ATTEMPTS = 3;

    private TransactionalWriter() {
    }

    static <K, V> void write(Map<String, Object> producerProps, List<List<ProducerRecord<K, V>>> transactions) {
        KafkaProducer<K, V> producer = open(producerProps);
        try {
            for (List<ProducerRecord<K, V>> transaction : transactions) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        producer.beginTransaction();
                        for (ProducerRecord<K, V> record : transaction) {
                            producer.send(record);
                        }
                        producer.commitTransaction();
                        break;
                    } catch (ProducerFencedException e) {
                        throw e;
                    } catch (KafkaException e) {
                        if (attempt == ATTEMPTS) {
                            throw e;
                        }
                        // The uncommitted transaction is aborted when the next producer's initTransactions fences this one.
                        producer.close();
                        producer = open(producerProps);
                    }
                }
            }
        } finally {
            producer.close();
        }
    }

    private static <K, V> KafkaProducer<K, V> open(Map<String, Object> producerProps) {
        KafkaProducer<K, V> producer = new KafkaProducer<>(new HashMap<>(producerProps));
        producer.initTransactions();
        return producer;
    }
}

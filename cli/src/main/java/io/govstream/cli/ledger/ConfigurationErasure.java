package io.govstream.cli.ledger;

import io.govstream.cli.client.CompactedTopic;
import io.govstream.events.FlagChange;
import io.govstream.events.PolicySetPublished;
import io.govstream.governance.gdpr.ErasedNames;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The erasure of a person from the compacted configuration topics (policies, flags), whose latest
 * record per key outlives any retention: each publication or change whose author is the person is
 * written again, under the same key to each partition that holds it, with their pseudonym as its author (and in
 * its note, where the note repeats their name). governance-streams keeps that copy in its stores
 * without a new ledger entry (nothing that decides changed), and compaction removes the superseded
 * records within the topics' bound (catalogue.yaml).
 */
final class ConfigurationErasure {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** How many records of a topic were written again. */
    record Rewritten(String topic, int records) {
    }

    private ConfigurationErasure() {
    }

    static List<Rewritten> rewrite(LedgerCli cli, Topics topics, String ref) {
        return List.of(
                rewrite(cli, topics.policies(), AvroSerde.forValue(PolicySetPublished.class, cli.registry), ref, PolicySetPublished::getAuthor,
                        (p, author, note) -> PolicySetPublished.newBuilder(p).setAuthor(author).setNote(note).build(), PolicySetPublished::getNote),
                rewrite(cli, topics.flags(), AvroSerde.forValue(FlagChange.class, cli.registry), ref, FlagChange::getAuthor,
                        (f, author, note) -> FlagChange.newBuilder(f).setAuthor(author).setNote(note).build(), FlagChange::getNote));
    }

    private interface Rename<T> {
        T apply(T record, String author, String note);
    }

    private static <T extends SpecificRecord> Rewritten rewrite(LedgerCli cli, String topic, AvroSerde<T> serde,
                                                                String ref, java.util.function.Function<T, String> author,
                                                                Rename<T> rename, java.util.function.Function<T, String> note) {
        List<CompactedTopic.Entry> entries = new ArrayList<>();
        int records = 0;
        for (Map.Entry<String, CompactedTopic.Latest> latest : CompactedTopic.latestByKey(cli.kafka, topic, TIMEOUT).entrySet()) {
            T record = serde.deserializer().deserialize(topic, latest.getValue().value());
            String name = author.apply(record);
            if (!ErasedNames.names(name, ref)) {
                continue;
            }
            String marker = ErasedNames.replacement(name);
            String said = note.apply(record);
            T erased = rename.apply(record, marker, said == null ? null : said.replace(name, marker));
            byte[] value = serde.serializer().serialize(topic, erased);
            // Where the named record is: compaction there removes it (a producer may have chosen any partition).
            for (int partition : latest.getValue().partitions()) {
                entries.add(new CompactedTopic.Entry(latest.getKey().getBytes(StandardCharsets.UTF_8), value, null, null, partition));
            }
            records++;
        }
        if (!entries.isEmpty()) {
            CompactedTopic.publish(cli.kafka, topic, "govctl-erase-", entries);
        }
        return new Rewritten(topic, records);
    }
}

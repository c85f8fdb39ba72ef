package io.govstream.topology;

import java.util.Map;
import java.util.TreeMap;

/** Edited copies of catalogue entries, for trying a change (in a plan, or against the rules). */
public final class CatalogueEdits {

    private CatalogueEdits() {
    }

    /** A copy of {@code catalogue} with the topic of the same role replaced. */
    public static Catalogue withTopic(Catalogue catalogue, TopicSpec replacement) {
        catalogue.topic(replacement.role());
        return new Catalogue(catalogue.topics().stream().map(t -> t.role().equals(replacement.role()) ? replacement : t).toList(),
                catalogue.principals(), catalogue.changelogs());
    }

    /** A copy of {@code topic} with one config set. */
    public static TopicSpec withConfig(TopicSpec topic, String key, String value) {
        Map<String, String> changed = new TreeMap<>(topic.configs());
        changed.put(key, value);
        return new TopicSpec(topic.role(), topic.name(), topic.partitions(), topic.replicas(), topic.minInSyncReplicas(), changed,
                topic.valueSchema(), topic.purgedOnErasure());
    }
}

package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;

/** One topic config moving from its current value to the catalogue's; a null target reverts to the default. */
record ConfigChange(String key, String current, String target) {

    String describe() {
        return key + " " + (current == null ? "(unset)" : current) + " -> " + (target == null ? "(default)" : target);
    }

    AlterConfigOp toOp() {
        return target == null
                ? new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(key, target), AlterConfigOp.OpType.SET);
    }
}

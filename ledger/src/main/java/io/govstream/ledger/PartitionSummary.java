package io.govstream.ledger;

import java.util.HexFormat;

/**
 * What verification saw in one partition.
 *
 * @param entriesChecked records read from the partition
 * @param head           the chain head after the last entry that extended the chain
 */
public record PartitionSummary(int partition, long entriesChecked, ChainHead head) {

    public String headHashHex() {
        return HexFormat.of().formatHex(head.lastHash());
    }
}

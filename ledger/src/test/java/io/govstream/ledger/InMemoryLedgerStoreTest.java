package io.govstream.ledger;

/** The {@link LedgerStore} contract of {@link InMemoryLedger}. */
class InMemoryLedgerStoreTest extends LedgerStoreContractTest {

    @Override
    LedgerStore newStore(int partitions) {
        return new InMemoryLedger(partitions);
    }
}

package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.govstream.events.Effect;
import io.govstream.events.LedgerEntry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link LedgerStore} promises, run against each implementation by a subclass that
 * supplies a new, empty store per test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LedgerStoreContractTest {
    static final int PARTITIONS = 2;
    private static final LedgerChain CHAIN = new LedgerChain("contract-test");

    private final List<LedgerStore.Tail> tails = new ArrayList<>();
    private int facts;
    LedgerStore store;

    /** A new store of {@code partitions} empty partitions that no other test writes to. */
    abstract LedgerStore newStore(int partitions);

    /** How long a store may take to show a tail what was appended. */
    Duration tailDelay() {
        return Duration.ofSeconds(5);
    }

    @BeforeEach
    void openStore() {
        store = newStore(PARTITIONS);
    }

    @AfterEach
    void closeTails() {
        tails.forEach(tail -> {
            try {
                tail.close();
            } catch (LedgerReadException e) {
                // the test that stopped it already looked at why
            }
        });
        tails.clear();
    }

    // ---- append ----

    @Test
    void givenAnEmptyPartition_whenEntriesAreAppendedToGenesis_thenTheyAreStoredAndTheHeadIsAfterTheLast() {
        List<LedgerEntry> entries = entries(ChainHead.genesis(0), 3);

        ChainHead head = store.append(0, ChainHead.genesis(0), entries);

        assertThat(head).isEqualTo(ChainHead.after(entries.get(2)));
        assertThat(store.latest(0)).isEqualTo(head);
        assertThat(hashes(replay(0, 0))).isEqualTo(hashes(entries));
        assertThat(store.partitionCount()).isEqualTo(PARTITIONS);
    }

    @Test
    void givenAPartitionWithEntries_whenMoreAreAppendedToItsHead_thenTheChainGoesOn() {
        List<LedgerEntry> first = entries(ChainHead.genesis(0), 2);
        ChainHead head = store.append(0, ChainHead.genesis(0), first);
        List<LedgerEntry> second = entries(head, 2);

        ChainHead after = store.append(0, head, second);

        assertThat(after).isEqualTo(ChainHead.after(second.get(1)));
        assertThat(after.nextSequence()).isEqualTo(4);
        assertThat(hashes(replay(0, 0))).isEqualTo(hashes(concat(first, second)));
        assertThat(verify(0).isClean()).isTrue();
    }

    @Test
    void givenAStaleExpectedHead_whenAppending_thenAConflictNamesTheActualHeadAndNothingIsWritten() {
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 2));
        List<LedgerEntry> late = entries(ChainHead.genesis(0), 1);

        assertThatThrownBy(() -> store.append(0, ChainHead.genesis(0), late))
                .isInstanceOfSatisfying(LedgerConflictException.class, e -> {
                    assertThat(e.actual().partition()).isZero();
                    assertThat(e.expected()).isEqualTo(ChainHead.genesis(0));
                    assertThat(e.actual()).isEqualTo(head);
                })
                .hasMessageContaining("not empty").hasMessageContaining(head.lastHashHex());

        assertThat(store.latest(0)).isEqualTo(head);
        assertThat(replay(0, 0)).hasSize(2);
    }

    @Test
    void givenAnEmptyListNamingAStaleHead_whenAppending_thenItIsRefusedAsAConflict() {
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));

        assertThat(store.append(0, head, List.of())).isEqualTo(head);
        assertThatThrownBy(() -> store.append(0, ChainHead.genesis(0), List.of())).isInstanceOf(LedgerConflictException.class);
    }

    static Stream<Named<UnaryOperator<List<LedgerEntry>>>> breaks() {
        return Stream.of(
                Named.of("a sequence skipped", es -> withFirst(es, e -> e.setSequence(e.getSequence() + 1))),
                Named.of("another predecessor", es -> withFirst(es, e -> e.setPrevHash(ByteBuffer.wrap(ChainHasher.sha256(new byte[] {1}))))),
                Named.of("content changed after hashing", es -> withFirst(es, e -> e.setSubjectKey("someone-else"))),
                Named.of("payload that is not its hash's", es -> withFirst(es, e -> e.setPayload(ByteBuffer.wrap(new byte[] {7})))),
                Named.of("another partition's entry", es -> withFirst(es, e -> e.setPartition(1))),
                Named.of("the second not linking to the first", es -> List.of(es.get(0), es.get(2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void givenEntriesThatDoNotChainFromTheExpectedHead_whenAppending_thenTheyAreRefusedAndNothingIsWritten(
            UnaryOperator<List<LedgerEntry>> breakChain) {
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));
        List<LedgerEntry> broken = breakChain.apply(entries(head, 3));

        assertThatThrownBy(() -> store.append(0, head, broken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not chain from");

        assertThat(store.latest(0)).isEqualTo(head);
        assertThat(replay(0, 0)).hasSize(1);
    }

    @Test
    void givenAPartitionTheLedgerDoesNotHave_whenAppending_thenItIsRefused() {
        assertThatThrownBy(() -> store.append(PARTITIONS, ChainHead.genesis(PARTITIONS), entries(ChainHead.genesis(PARTITIONS), 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAHeadOfAnotherPartition_whenAppending_thenItIsRefused() {
        assertThatThrownBy(() -> store.append(1, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.latest(1)).isEqualTo(ChainHead.genesis(1));
        assertThat(store.latest(0)).isEqualTo(ChainHead.genesis(0));
    }

    // ---- replay, first, latest ----

    @Test
    void givenEntries_whenReplayedFromASequence_thenThatOneAndTheLaterOnesComeInOrder() {
        List<LedgerEntry> entries = entries(ChainHead.genesis(0), 5);
        store.append(0, ChainHead.genesis(0), entries);

        List<LedgerEntry> replayed = new ArrayList<>();
        long count = store.replay(0, 2, replayed::add);

        assertThat(count).isEqualTo(3);
        assertThat(replayed).extracting(LedgerEntry::getSequence).containsExactly(2L, 3L, 4L);
        assertThat(hashes(replayed)).isEqualTo(hashes(entries.subList(2, 5)));
        assertThat(replay(0, 5)).isEmpty();
    }

    @Test
    void givenAnEmptyPartition_whenReplayed_thenNothingComesAndBothHeadsAreGenesis() {
        List<LedgerEntry> replayed = new ArrayList<>();

        assertThat(store.replay(1, 0, replayed::add)).isZero();

        assertThat(replayed).isEmpty();
        assertThat(store.first(1)).isEqualTo(ChainHead.genesis(1));
        assertThat(store.latest(1)).isEqualTo(ChainHead.genesis(1));
    }

    @Test
    void givenAWholeChain_whenAskedForItsHeads_thenFirstIsGenesisAndLatestIsAfterTheLastEntry() {
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 2));
        List<LedgerEntry> more = entries(head, 2);
        store.append(0, head, more);

        assertThat(store.first(0)).isEqualTo(ChainHead.genesis(0));
        assertThat(store.latest(0)).isEqualTo(ChainHead.after(more.get(1)));
    }

    // ---- tail ----

    @Test
    void givenATail_whenEntriesAreAppendedAfterItStarts_thenItHandsThemOverInOrder() {
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 2));
        List<LedgerEntry> seen = new CopyOnWriteArrayList<>();
        tail(0, 1, seen::add);
        List<LedgerEntry> later = entries(head, 2);

        head = store.append(0, head, later);
        store.append(0, head, entries(head, 1));

        await().atMost(tailDelay()).untilAsserted(() -> assertThat(seen).extracting(LedgerEntry::getSequence).containsExactly(1L, 2L, 3L, 4L));
        assertThat(hashes(seen.subList(1, 3))).isEqualTo(hashes(later));
    }

    @Test
    void givenAClosedTail_whenMoreEntriesAreAppended_thenItHandsOverNothingMore() {
        List<LedgerEntry> seen = new CopyOnWriteArrayList<>();
        LedgerStore.Tail tail = tail(0, 0, seen::add);
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));
        await().atMost(tailDelay()).untilAsserted(() -> assertThat(seen).hasSize(1));

        tail.close();
        store.append(0, head, entries(head, 2));

        // A second tail sees the new entries, so they were there to be seen by the first one had it still run.
        List<LedgerEntry> second = new CopyOnWriteArrayList<>();
        tail(0, 0, second::add);
        await().atMost(tailDelay()).untilAsserted(() -> assertThat(second).hasSize(3));
        assertThat(seen).hasSize(1);
    }

    @Test
    void givenATailWhoseConsumerFails_whenAnEntryArrives_thenTheTailStopsAndCloseSaysWhy() {
        List<LedgerEntry> seen = new CopyOnWriteArrayList<>();
        LedgerStore.Tail tail = tail(0, 0, e -> {
            seen.add(e);
            throw new IllegalStateException("consumer refuses sequence " + e.getSequence());
        });
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));
        await().atMost(tailDelay()).untilAsserted(() -> assertThat(seen).hasSize(1));
        store.append(0, head, entries(head, 1));

        assertThatThrownBy(tail::close).isInstanceOf(LedgerReadException.class).hasMessageContaining("consumer refuses sequence 0");
        assertThat(seen).hasSize(1);
    }

    @Test
    void givenATailThatClosesItselfFromItsConsumer_whenAnEntryArrives_thenItStops() {
        List<LedgerEntry> seen = new CopyOnWriteArrayList<>();
        LedgerStore.Tail[] self = new LedgerStore.Tail[1];
        self[0] = tail(0, 0, e -> {
            seen.add(e);
            self[0].close();
        });

        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));
        await().atMost(tailDelay()).untilAsserted(() -> assertThat(seen).hasSize(1));
        store.append(0, head, entries(head, 2));

        List<LedgerEntry> second = new CopyOnWriteArrayList<>();
        tail(0, 0, second::add);
        await().atMost(tailDelay()).untilAsserted(() -> assertThat(second).hasSize(3));
        assertThat(seen).hasSize(1);
    }

    // ---- partitions, concurrency ----

    @Test
    void givenTwoPartitions_whenEachIsAppendedTo_thenTheirChainsAreIndependent() {
        List<LedgerEntry> zero = entries(ChainHead.genesis(0), 3);
        List<LedgerEntry> one = entries(ChainHead.genesis(1), 2);

        store.append(0, ChainHead.genesis(0), zero);
        store.append(1, ChainHead.genesis(1), one);
        List<LedgerEntry> more = entries(store.latest(0), 1);
        store.append(0, store.latest(0), more);

        assertThat(store.latest(0)).isEqualTo(ChainHead.after(more.get(0)));
        assertThat(store.latest(1)).isEqualTo(ChainHead.after(one.get(1)));
        assertThat(hashes(replay(1, 0))).isEqualTo(hashes(one));
        assertThat(hashes(replay(0, 0))).isEqualTo(hashes(concat(zero, more)));
        assertThat(verify(0).isClean()).isTrue();
        assertThat(verify(1).isClean()).isTrue();
    }

    @Test
    void givenConcurrentAppendersWithTheSameExpectedHead_whenTheyRace_thenExactlyOneWins() throws Exception {
        int appenders = 4;
        ChainHead head = store.append(0, ChainHead.genesis(0), entries(ChainHead.genesis(0), 1));
        List<List<LedgerEntry>> attempts = new ArrayList<>();
        for (int i = 0; i < appenders; i++) {
            attempts.add(entries(head, 2));
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(appenders);
        List<Future<ChainHead>> outcomes = new ArrayList<>();
        try {
            for (List<LedgerEntry> attempt : attempts) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return store.append(0, head, attempt);
                }));
            }
            go.countDown();
            List<ChainHead> won = new ArrayList<>();
            List<LedgerConflictException> lost = new ArrayList<>();
            for (Future<ChainHead> outcome : outcomes) {
                try {
                    won.add(outcome.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(LedgerConflictException.class);
                    lost.add((LedgerConflictException) e.getCause());
                }
            }

            assertThat(won).hasSize(1);
            assertThat(lost).hasSize(appenders - 1).allSatisfy(e -> assertThat(e.actual()).isEqualTo(won.get(0)));
            List<LedgerEntry> winner = attempts.stream().filter(a -> ChainHead.after(a.get(1)).equals(won.get(0))).findFirst().orElseThrow();
            assertThat(store.latest(0)).isEqualTo(won.get(0));
            assertThat(hashes(replay(0, 1))).isEqualTo(hashes(winner));
            assertThat(verify(0).isClean()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    /** {@code n} new entries chaining from {@code head}, each recording a fact no other entry of the test records. */
    List<LedgerEntry> entries(ChainHead head, int n) {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LedgerFact fact = LedgerFact.decision(TestFacts.decision("c-" + facts++, Effect.PERMIT));
            LedgerEntry entry = CHAIN.next(head, fact, TestFacts.T0.plusSeconds(facts));
            entries.add(entry);
            head = ChainHead.after(entry);
        }
        return entries;
    }

    LedgerStore.Tail tail(int partition, long fromSequence, java.util.function.Consumer<LedgerEntry> consumer) {
        LedgerStore.Tail tail = store.tail(partition, fromSequence, consumer);
        tails.add(tail);
        return tail;
    }

    private List<LedgerEntry> replay(int partition, long fromSequence) {
        List<LedgerEntry> replayed = new ArrayList<>();
        store.replay(partition, fromSequence, replayed::add);
        return replayed;
    }

    /** What a verifier makes of the partition's stored records. */
    private VerificationReport verify(int partition) {
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError("verified from entries"); });
        store.replay(partition, 0, e -> verifier.accept(partition, e.getSequence(), e));
        return verifier.report();
    }

    private static List<String> hashes(List<LedgerEntry> entries) {
        return entries.stream().map(e -> java.util.HexFormat.of().formatHex(Bytes.of(e.getHash()))).toList();
    }

    private static List<LedgerEntry> concat(List<LedgerEntry> a, List<LedgerEntry> b) {
        List<LedgerEntry> all = new ArrayList<>(a);
        all.addAll(b);
        return Collections.unmodifiableList(all);
    }

    private static List<LedgerEntry> withFirst(List<LedgerEntry> entries, java.util.function.Consumer<LedgerEntry> change) {
        List<LedgerEntry> changed = new ArrayList<>(entries);
        LedgerEntry first = TestFacts.copy(entries.get(0));
        change.accept(first);
        changed.set(0, first);
        return changed;
    }
}

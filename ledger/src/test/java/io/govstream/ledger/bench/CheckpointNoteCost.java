package io.govstream.ledger.bench;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.secrets.SigningKeyFiles;
import java.util.List;

/**
 * What checking a checkpoint's signed note adds to {@code ledger verify}, against baselines measured
 * in the same run: the check of the same checkpoint without its note (Tink signature only), and the
 * replay of the 1,000 entries one checkpoint covers by default (chain, hashes, Merkle frontier).
 * Single-threaded, in memory. Usage: {@code CheckpointNoteCost [checks per round] [rounds]}; the
 * command is in docs/benchmarks.md.
 */
public final class CheckpointNoteCost {
    private CheckpointNoteCost() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        CheckpointSigner signer = CheckpointSigner.of(SigningKeyFiles.generate());
        CheckpointVerifier keys = signer.verifier();
        List<LedgerEntry> chain = CheckpointFixtures.chain(0, 1_000, "cost");
        LedgerCheckpoint withNote = CheckpointFixtures.signedAt(chain, 1_000, signer);
        LedgerCheckpoint withoutNote = LedgerCheckpoint.newBuilder(withNote).setNote(null).build();
        System.out.println("round  replay 1,000 entries (us)  check without note (us)  check with note (us)  note / without  note extra / replay");
        for (int round = 1; round <= rounds; round++) {
            int replays = Math.max(1, n / 50);
            long t0 = System.nanoTime();
            for (int r = 0; r < replays; r++) {
                LedgerVerifier verifier = new LedgerVerifier(b -> { throw new IllegalStateException(); });
                for (int i = 0; i < chain.size(); i++) {
                    verifier.accept(0, i, chain.get(i));
                }
                if (!verifier.report().isClean()) {
                    throw new IllegalStateException("the chain does not verify");
                }
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (keys.check(withoutNote).isPresent()) {
                    throw new IllegalStateException("checkpoint does not verify");
                }
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (keys.check(withNote).isPresent()) {
                    throw new IllegalStateException("checkpoint note does not verify");
                }
            }
            long t3 = System.nanoTime();
            double replay = (t1 - t0) / 1e3 / replays;
            double without = (t2 - t1) / 1e3 / n;
            double with = (t3 - t2) / 1e3 / n;
            System.out.printf("%5d  %25.0f  %23.1f  %20.1f  %14.2f  %19.3f%n", round, replay, without, with, with / without, (with - without) / replay);
        }
    }
}

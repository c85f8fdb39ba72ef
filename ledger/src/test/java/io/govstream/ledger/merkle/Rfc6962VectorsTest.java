package io.govstream.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our Merkle tree against published RFC 6962 test vectors, copied verbatim (hex) from the
 * transparency-dev/merkle repository, Apache License 2.0:
 * <ul>
 *   <li>{@code proof/verify_test.go} (commit 02194e9afb6c1d95b5381350007963aa70fff472): {@code leaves},
 *       {@code roots}, {@code inclusionProofs} (leaf numbers 1-based there), {@code consistencyProofs}, and the
 *       corruptions of {@code corruptInclusionProof} / {@code corruptConsistencyProof} and the edge cases of
 *       {@code TestVerifyInclusion*} / {@code TestVerifyConsistency};</li>
 *   <li>{@code rfc6962/rfc6962_test.go} (commit 78493b07ef9b552e3379abf9e23d4da26fbe797c): the hasher's values.</li>
 * </ul>
 * Our prover must produce exactly the published proofs, our verifier accept them and reject every corruption.
 */
class Rfc6962VectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SHA256_SOME_HASH = dh("abacaba000000000000000000000000000000000000000000060061e00123456");
    private static final byte[] SHA256_EMPTY_TREE_HASH = dh("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    private static final List<byte[]> LEAVES = List.of(
            dh(""),
            dh("00"),
            dh("10"),
            dh("2021"),
            dh("3031"),
            dh("40414243"),
            dh("5051525354555657"),
            dh("606162636465666768696a6b6c6d6e6f"));

    private static final List<byte[]> ROOTS = List.of(
            dh("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            dh("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            dh("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
            dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            dh("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
            dh("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
            dh("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
            dh("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    private record Inclusion(long leaf, long size, List<byte[]> proof) {
    }

    private record Consistency(long size1, long size2, List<byte[]> proof) {
    }

    /** inclusionProofs[1..5] (entry 0, {0, 0, nil}, is an invalid path there too). */
    private static final List<Inclusion> INCLUSION_PROOFS = List.of(
            new Inclusion(1, 1, List.of()),
            new Inclusion(1, 8, List.of(
                    dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                    dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                    dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))),
            new Inclusion(6, 8, List.of(
                    dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                    dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                    dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))),
            new Inclusion(3, 3, List.of(
                    dh("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"))),
            new Inclusion(2, 5, List.of(
                    dh("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                    dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                    dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))));

    private static final List<Consistency> CONSISTENCY_PROOFS = List.of(
            new Consistency(1, 1, List.of()),
            new Consistency(1, 8, List.of(
                    dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                    dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                    dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))),
            new Consistency(6, 8, List.of(
                    dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                    dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                    dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))),
            new Consistency(2, 5, List.of(
                    dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                    dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))),
            new Consistency(6, 7, List.of(
                    dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                    dh("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                    dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))));

    @Test
    void givenTheHasherVectors_thenLeafNodeAndEmptyHashesMatch() {
        // rfc6962_test.go TestRFC6962Hasher
        assertThat(HEX.formatHex(MerkleHash.emptyRoot())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HEX.formatHex(MerkleHash.leaf(new byte[0]))).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(HEX.formatHex(MerkleHash.leaf("L123456".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
        assertThat(HEX.formatHex(MerkleHash.node("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb");
    }

    @Test
    void givenThePublishedLeaves_thenEveryPrefixTreeHasThePublishedRoot_recursivelyAndByTheAppendersFrontier() {
        List<byte[]> leafHashes = leafHashes();
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (int n = 1; n <= 8; n++) {
            frontier = frontier.appendLeafHash(leafHashes.get(n - 1));
            assertThat(HEX.formatHex(MerkleProofs.treeHash(leafHashes, 0, n))).as("root of size %d", n).isEqualTo(HEX.formatHex(ROOTS.get(n - 1)));
            assertThat(HEX.formatHex(frontier.root())).as("frontier root of size %d", n).isEqualTo(HEX.formatHex(ROOTS.get(n - 1)));
        }
    }

    @Test
    void givenThePublishedInclusionProofs_thenWeBuildExactlyThemAndVerifyThemAndRejectEveryCorruption() {
        SubtreeHashes tree = SubtreeHashes.ofLeafHashes(leafHashes());
        for (Inclusion v : INCLUSION_PROOFS) {
            long index = v.leaf() - 1;
            byte[] leafHash = MerkleHash.leaf(LEAVES.get((int) index));
            byte[] root = ROOTS.get((int) v.size() - 1);
            String what = "leaf " + index + " of " + v.size();

            assertThat(hex(MerkleProofs.inclusionProof(index, v.size(), tree))).as(what).isEqualTo(hex(v.proof()));
            assertThat(MerkleProofs.verifyInclusion(index, v.size(), leafHash, v.proof(), root)).as(what).isTrue();
            corruptInclusionProof(index, v.size(), v.proof(), root, leafHash).forEach((desc, probe) ->
                    assertThat(MerkleProofs.verifyInclusion(probe.index, probe.size, probe.leafHash, probe.proof, probe.root))
                            .as(what + ": " + desc).isFalse());
        }
    }

    @Test
    void givenThePublishedConsistencyProofs_thenWeBuildExactlyThemAndVerifyThemAndRejectEveryCorruption() {
        SubtreeHashes tree = SubtreeHashes.ofLeafHashes(leafHashes());
        for (Consistency v : CONSISTENCY_PROOFS) {
            byte[] root1 = ROOTS.get((int) v.size1() - 1);
            byte[] root2 = ROOTS.get((int) v.size2() - 1);
            String what = v.size1() + " -> " + v.size2();

            assertThat(hex(MerkleProofs.consistencyProof(v.size1(), v.size2(), tree))).as(what).isEqualTo(hex(v.proof()));
            assertThat(MerkleProofs.verifyConsistency(v.size1(), v.size2(), root1, root2, v.proof())).as(what).isTrue();
            if (v.proof().isEmpty()) {
                continue; // as the reference: only non-trivial proofs are corrupted
            }
            corruptConsistencyProof(v.size1(), v.size2(), root1, root2, v.proof()).forEach((desc, p) ->
                    assertThat(MerkleProofs.verifyConsistency(p.size1, p.size2, p.root1, p.root2, p.proof)).as(what + ": " + desc).isFalse());
        }
    }

    @Test
    void givenTheReferenceEdgeCases_thenWeDecideAsTheReferenceVerifier() {
        // TestVerifyInclusionSingleEntry: for a 1-entry tree root and leaf hash are the same and the proof is empty
        byte[] hash = MerkleHash.leaf("data".getBytes(StandardCharsets.US_ASCII));
        byte[] empty = new byte[0];
        assertThat(MerkleProofs.verifyInclusion(0, 1, hash, List.of(), hash)).isTrue();
        assertThat(MerkleProofs.verifyInclusion(0, 1, empty, List.of(), hash)).isFalse();
        assertThat(MerkleProofs.verifyInclusion(0, 1, hash, List.of(), empty)).isFalse();
        assertThat(MerkleProofs.verifyInclusion(0, 1, empty, List.of(), empty)).as("wrong hash size").isFalse();
        // TestVerifyInclusion probes {0,0} {0,1} {1,0} {2,1}
        for (long[] p : new long[][] {{0, 0}, {0, 1}, {1, 0}, {2, 1}}) {
            assertThat(MerkleProofs.verifyInclusion(p[0], p[1], SHA256_SOME_HASH, List.of(), empty)).isFalse();
            assertThat(MerkleProofs.verifyInclusion(p[0], p[1], empty, List.of(), SHA256_EMPTY_TREE_HASH)).isFalse();
            assertThat(MerkleProofs.verifyInclusion(p[0], p[1], SHA256_SOME_HASH, List.of(), SHA256_EMPTY_TREE_HASH)).isFalse();
        }
        // TestVerifyConsistency
        byte[] root1 = "don't care 1".getBytes(StandardCharsets.US_ASCII);
        byte[] root2 = "don't care 2".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> proof1 = List.of();
        List<byte[]> proof2 = List.of(SHA256_EMPTY_TREE_HASH);
        record Case(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof, boolean wantErr) {
        }
        List<Case> cases = List.of(
                new Case(0, 0, root1, root2, proof1, true),
                new Case(1, 1, root1, root2, proof1, true),
                // Sizes that are always consistent.
                new Case(0, 0, root1, root1, proof1, false),
                new Case(0, 1, root1, root2, proof1, false),
                new Case(1, 1, root2, root2, proof1, false),
                // Time travel to the past.
                new Case(1, 0, root1, root2, proof1, true),
                new Case(2, 1, root1, root2, proof1, true),
                // Empty proof.
                new Case(1, 2, root1, root2, proof1, true),
                // Roots don't match.
                new Case(0, 0, SHA256_EMPTY_TREE_HASH, root2, proof1, true),
                new Case(1, 1, SHA256_EMPTY_TREE_HASH, root2, proof1, true),
                // Roots match but the proof is not empty.
                new Case(0, 0, SHA256_EMPTY_TREE_HASH, SHA256_EMPTY_TREE_HASH, proof2, true),
                new Case(0, 1, SHA256_EMPTY_TREE_HASH, SHA256_EMPTY_TREE_HASH, proof2, true),
                new Case(1, 1, SHA256_EMPTY_TREE_HASH, SHA256_EMPTY_TREE_HASH, proof2, true));
        for (Case c : cases) {
            assertThat(MerkleProofs.verifyConsistency(c.size1(), c.size2(), c.root1(), c.root2(), c.proof()))
                    .as("%d -> %d %s", c.size1(), c.size2(), c.wantErr() ? "rejected" : "accepted").isEqualTo(!c.wantErr());
        }
    }

    private record InclusionProbe(long index, long size, byte[] root, byte[] leafHash, List<byte[]> proof) {
    }

    private record ConsistencyProbe(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
    }

    /** corruptInclusionProof of verify_test.go. */
    private static Map<String, InclusionProbe> corruptInclusionProof(long leafIndex, long treeSize, List<byte[]> proof, byte[] root, byte[] leafHash) {
        Map<String, InclusionProbe> ret = new java.util.LinkedHashMap<>();
        // Wrong leaf index.
        ret.put("leafIndex - 1", new InclusionProbe(leafIndex - 1, treeSize, root, leafHash, proof));
        ret.put("leafIndex + 1", new InclusionProbe(leafIndex + 1, treeSize, root, leafHash, proof));
        ret.put("leafIndex ^ 2", new InclusionProbe(leafIndex ^ 2, treeSize, root, leafHash, proof));
        // Wrong tree height.
        ret.put("treeSize * 2", new InclusionProbe(leafIndex, treeSize * 2, root, leafHash, proof));
        ret.put("treeSize / 2", new InclusionProbe(leafIndex, treeSize / 2, root, leafHash, proof));
        // Wrong leaf or root.
        ret.put("wrong leaf", new InclusionProbe(leafIndex, treeSize, root, "WrongLeaf".getBytes(StandardCharsets.US_ASCII), proof));
        ret.put("empty root", new InclusionProbe(leafIndex, treeSize, SHA256_EMPTY_TREE_HASH, leafHash, proof));
        ret.put("random root", new InclusionProbe(leafIndex, treeSize, SHA256_SOME_HASH, leafHash, proof));
        // Add garbage at the end.
        ret.put("trailing garbage", new InclusionProbe(leafIndex, treeSize, root, leafHash, extend(proof, new byte[0])));
        ret.put("trailing root", new InclusionProbe(leafIndex, treeSize, root, leafHash, extend(proof, root)));
        // Add garbage at the front.
        ret.put("preceding garbage", new InclusionProbe(leafIndex, treeSize, root, leafHash, prepend(proof, new byte[0])));
        ret.put("preceding root", new InclusionProbe(leafIndex, treeSize, root, leafHash, prepend(proof, root)));
        int ln = proof.size();
        // Modify single bit in an element of the proof.
        for (int i = 0; i < ln; i++) {
            List<byte[]> wrong = new ArrayList<>(proof);
            byte[] element = wrong.get(i).clone();
            element[0] ^= 8; // Flip the bit.
            wrong.set(i, element);
            ret.put("modified proof[" + i + "] bit 3", new InclusionProbe(leafIndex, treeSize, root, leafHash, wrong));
        }
        if (ln > 0) {
            ret.put("removed component", new InclusionProbe(leafIndex, treeSize, root, leafHash, proof.subList(0, ln - 1)));
        }
        if (ln > 1) {
            List<byte[]> wrong = new ArrayList<>(List.of(proof.get(0), SHA256_SOME_HASH));
            wrong.addAll(proof.subList(1, ln));
            ret.put("inserted component", new InclusionProbe(leafIndex, treeSize, root, leafHash, wrong));
        }
        return ret;
    }

    /** corruptConsistencyProof of verify_test.go. */
    private static Map<String, ConsistencyProbe> corruptConsistencyProof(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        int ln = proof.size();
        byte[] wrongRoot = "WrongRoot".getBytes(StandardCharsets.US_ASCII);
        Map<String, ConsistencyProbe> ret = new java.util.LinkedHashMap<>();
        // Wrong size1.
        ret.put("size1 - 1", new ConsistencyProbe(size1 - 1, size2, root1, root2, proof));
        ret.put("size1 + 1", new ConsistencyProbe(size1 + 1, size2, root1, root2, proof));
        ret.put("size1 ^ 2", new ConsistencyProbe(size1 ^ 2, size2, root1, root2, proof));
        // Wrong tree height.
        ret.put("size2 * 2", new ConsistencyProbe(size1, size2 * 2, root1, root2, proof));
        ret.put("size2 / 2", new ConsistencyProbe(size1, size2 / 2, root1, root2, proof));
        // Wrong root.
        ret.put("wrong root1", new ConsistencyProbe(size1, size2, wrongRoot, root2, proof));
        ret.put("wrong root2", new ConsistencyProbe(size1, size2, root1, wrongRoot, proof));
        ret.put("swapped roots", new ConsistencyProbe(size1, size2, root2, root1, proof));
        // Empty proof.
        ret.put("empty proof", new ConsistencyProbe(size1, size2, root1, root2, List.of()));
        // Add garbage at the end.
        ret.put("trailing garbage", new ConsistencyProbe(size1, size2, root1, root2, extend(proof, new byte[0])));
        ret.put("trailing root1", new ConsistencyProbe(size1, size2, root1, root2, extend(proof, root1)));
        ret.put("trailing root2", new ConsistencyProbe(size1, size2, root1, root2, extend(proof, root2)));
        // Add garbage at the front.
        ret.put("preceding garbage", new ConsistencyProbe(size1, size2, root1, root2, prepend(proof, new byte[0])));
        ret.put("preceding root1", new ConsistencyProbe(size1, size2, root1, root2, prepend(proof, root1)));
        ret.put("preceding root2", new ConsistencyProbe(size1, size2, root1, root2, prepend(proof, root2)));
        ret.put("preceding proof[0]", new ConsistencyProbe(size1, size2, root1, root2, prepend(proof, proof.get(0))));
        // Remove a node from the end.
        if (ln > 0) {
            ret.put("truncated proof", new ConsistencyProbe(size1, size2, root1, root2, proof.subList(0, ln - 1)));
        }
        // Modify single bit in an element of the proof.
        for (int i = 0; i < ln; i++) {
            List<byte[]> wrong = new ArrayList<>(proof);
            byte[] element = wrong.get(i).clone();
            element[0] ^= 16; // Flip the bit.
            wrong.set(i, element);
            ret.put("modified proof[" + i + "] bit 4", new ConsistencyProbe(size1, size2, root1, root2, wrong));
        }
        return ret;
    }

    private static List<byte[]> leafHashes() {
        return LEAVES.stream().map(MerkleHash::leaf).toList();
    }

    private static List<byte[]> extend(List<byte[]> proof, byte[] hash) {
        List<byte[]> out = new ArrayList<>(proof);
        out.add(hash);
        return out;
    }

    private static List<byte[]> prepend(List<byte[]> proof, byte[] hash) {
        List<byte[]> out = new ArrayList<>();
        out.add(hash);
        out.addAll(proof);
        return out;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static byte[] dh(String hex) {
        return HEX.parseHex(hex);
    }
}

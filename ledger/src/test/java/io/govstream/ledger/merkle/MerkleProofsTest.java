package io.govstream.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX = 50;

    /** The leaves of the RFC 6962 reference tests (certificate-transparency merkle_tree_test). */
    private static final String[] RFC_LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] RFC_ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    @Test
    void givenTheRfc6962ReferenceLeaves_whenAppended_thenEveryRootMatchesTheReference() {
        MerkleFrontier frontier = MerkleFrontier.empty();
        assertThat(HEX.formatHex(frontier.root()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int i = 0; i < RFC_LEAVES.length; i++) {
            frontier = frontier.append(HEX.parseHex(RFC_LEAVES[i]));
            assertThat(HEX.formatHex(frontier.root())).as("size " + (i + 1)).isEqualTo(RFC_ROOTS[i]);
        }
    }

    @Test
    void givenSizes1To50_whenFrontierAndRecursiveAndLevelByLevelRootsAreComputed_thenTheyAgree() {
        List<byte[]> leaves = leaves(MAX);
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (int n = 1; n <= MAX; n++) {
            frontier = frontier.appendLeafHash(leaves.get(n - 1));
            byte[] naive = Naive.root(leaves.subList(0, n));
            assertThat(frontier.root()).as("size " + n).isEqualTo(naive);
            assertThat(MerkleProofs.treeHash(leaves, 0, n)).as("size " + n).isEqualTo(naive);
            assertThat(frontier.roots()).hasSize(Integer.bitCount(n));
        }
    }

    @Test
    void givenEveryLeafOfTreesUpTo50_whenProven_thenTheAuditPathEqualsTheLevelByLevelOneAndVerifies() {
        List<byte[]> leaves = leaves(MAX);
        for (int n = 1; n <= MAX; n++) {
            byte[] root = Naive.root(leaves.subList(0, n));
            for (int i = 0; i < n; i++) {
                List<byte[]> path = MerkleProofs.inclusionProof(i, n, SubtreeHashes.ofLeafHashes(leaves));
                assertThat(path).as("leaf %d of %d", i, n).containsExactlyElementsOf(Naive.path(leaves.subList(0, n), i));
                assertThat(MerkleProofs.verifyInclusion(i, n, leaves.get(i), path, root)).as("leaf %d of %d", i, n).isTrue();
            }
        }
    }

    @Test
    void givenAValidAuditPath_whenAnythingIsChanged_thenItDoesNotVerify() {
        List<byte[]> leaves = leaves(13);
        byte[] root = Naive.root(leaves);
        List<byte[]> path = MerkleProofs.inclusionProof(6, 13, SubtreeHashes.ofLeafHashes(leaves));

        assertThat(MerkleProofs.verifyInclusion(6, 13, leaves.get(7), path, root)).as("other leaf").isFalse();
        assertThat(MerkleProofs.verifyInclusion(7, 13, leaves.get(6), path, root)).as("other index").isFalse();
        // (The size only shapes the path: the signed checkpoint is what binds a size to a root.)
        assertThat(MerkleProofs.verifyInclusion(6, 7, leaves.get(6), path, root)).as("other size").isFalse();
        assertThat(MerkleProofs.verifyInclusion(6, 13, leaves.get(6), path.subList(0, path.size() - 1), root)).as("short").isFalse();
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(leaves.get(0));
        assertThat(MerkleProofs.verifyInclusion(6, 13, leaves.get(6), longer, root)).as("long").isFalse();
        List<byte[]> flipped = new ArrayList<>(path);
        flipped.set(1, MerkleHash.leaf(new byte[] {9}));
        assertThat(MerkleProofs.verifyInclusion(6, 13, leaves.get(6), flipped, root)).as("changed node").isFalse();
        assertThat(MerkleProofs.verifyInclusion(13, 13, leaves.get(6), path, root)).as("index out of tree").isFalse();
    }

    @Test
    void givenEveryPairOfSizesUpTo50_whenConsistencyIsProven_thenItVerifiesAndFailsForOtherRoots() {
        List<byte[]> leaves = leaves(MAX);
        byte[] other = MerkleHash.leaf("not a root".getBytes(StandardCharsets.UTF_8));
        for (int n = 1; n <= MAX; n++) {
            byte[] rootN = Naive.root(leaves.subList(0, n));
            for (int m = 1; m <= n; m++) {
                byte[] rootM = Naive.root(leaves.subList(0, m));
                List<byte[]> proof = MerkleProofs.consistencyProof(m, n, SubtreeHashes.ofLeafHashes(leaves));
                assertThat(MerkleProofs.verifyConsistency(m, n, rootM, rootN, proof)).as("%d -> %d", m, n).isTrue();
                assertThat(MerkleProofs.verifyConsistency(m, n, other, rootN, proof)).as("%d -> %d, old root", m, n).isFalse();
                assertThat(MerkleProofs.verifyConsistency(m, n, rootM, other, proof)).as("%d -> %d, new root", m, n).isFalse();
                if (m < n) {
                    List<byte[]> changed = new ArrayList<>(proof);
                    changed.set(changed.size() - 1, other);
                    assertThat(MerkleProofs.verifyConsistency(m, n, rootM, rootN, changed)).as("%d -> %d, node", m, n).isFalse();
                }
            }
        }
    }

    @Test
    void givenAnOldFrontierAndTheLeavesSince_whenConsistencyIsProven_thenTheProofIsTheFullTreeOne() {
        List<byte[]> leaves = leaves(MAX);
        for (int m = 1; m <= MAX; m++) {
            MerkleFrontier old = MerkleFrontier.empty();
            for (int i = 0; i < m; i++) {
                old = old.appendLeafHash(leaves.get(i));
            }
            for (int n = m; n <= MAX; n++) {
                SubtreeHashes partial = SubtreeHashes.ofFrontierAndLeaves(old, leaves.subList(m, n));
                assertThat(MerkleProofs.consistencyProof(m, n, partial)).as("%d -> %d", m, n)
                        .containsExactlyElementsOf(MerkleProofs.consistencyProof(m, n, SubtreeHashes.ofLeafHashes(leaves)));
            }
        }
    }

    @Test
    void givenATreeThatIsNoPrefix_whenConsistencyIsChecked_thenItFails() {
        List<byte[]> leaves = leaves(10);
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(2, MerkleHash.leaf(new byte[] {42}));
        List<byte[]> proof = MerkleProofs.consistencyProof(5, 10, SubtreeHashes.ofLeafHashes(rewritten));

        assertThat(MerkleProofs.verifyConsistency(5, 10, Naive.root(leaves.subList(0, 5)), Naive.root(rewritten), proof)).isFalse();
    }

    @Test
    void givenAFrontier_whenRebuiltFromItsParts_thenEqualAndWrongPartsAreRefused() {
        MerkleFrontier built = MerkleFrontier.empty();
        for (byte[] leaf : leaves(11)) {
            built = built.appendLeafHash(leaf);
        }
        MerkleFrontier frontier = built;
        assertThat(MerkleFrontier.of(11, frontier.roots())).isEqualTo(frontier);
        assertThat(MerkleFrontier.of(11, frontier.roots()).root()).isEqualTo(frontier.root());
        assertThatThrownBy(() -> MerkleFrontier.of(12, frontier.roots())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleProofs.inclusionProof(3, 3, SubtreeHashes.ofLeafHashes(leaves(3))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleHash.leaf(("entry-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    /**
     * An independent construction: hash level by level, pairing neighbours and promoting an
     * unpaired last node unchanged, which yields the RFC 6962 tree without its recursion.
     */
    static final class Naive {
        static byte[] root(List<byte[]> leaves) {
            List<byte[]> level = new ArrayList<>(leaves);
            while (level.size() > 1) {
                level = up(level);
            }
            return level.get(0);
        }

        static List<byte[]> path(List<byte[]> leaves, int index) {
            List<byte[]> path = new ArrayList<>();
            List<byte[]> level = new ArrayList<>(leaves);
            int i = index;
            while (level.size() > 1) {
                int sibling = i ^ 1;
                if (sibling < level.size()) {
                    path.add(level.get(sibling));
                }
                level = up(level);
                i /= 2;
            }
            return path;
        }

        private static List<byte[]> up(List<byte[]> level) {
            List<byte[]> next = new ArrayList<>();
            for (int j = 0; j + 1 < level.size(); j += 2) {
                next.add(MerkleHash.node(level.get(j), level.get(j + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            return next;
        }
    }
}

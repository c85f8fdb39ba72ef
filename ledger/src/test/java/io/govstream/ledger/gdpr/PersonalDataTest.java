package io.govstream.ledger.gdpr;

import io.govstream.schemas.gdpr.SubjectRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.export.ExportRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonalDataTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;

    static GovernanceDecision decision(String subject) {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("d-1").setCorrelationId("c-1").setCausationId("r-1").setTenant("acme")
                        .setOccurredAt(T0).setProducer("governance-streams").setTraceparent(null).build())
                .setRequestEventId("r-1").setEffect(Effect.DENY).setPolicySetId("p").setPolicyVersion("1").setPolicyHash("sha256:00")
                .setRuleId("default-deny").setReason("no rule lets " + subject + " refund").setSource("orbit").setTarget("billing")
                .setIntent("refund").setSubject(subject).build();
    }

    @Test
    void givenADecision_whenEncrypted_thenSubjectAndReasonAreCiphertext_otherFieldsStay_andTheKeyOpensThem() {
        Aead key = DataKeys.aead(DataKeys.generate());
        String ref = SubjectRef.of("alice@example.com");
        GovernanceDecision plain = decision("alice@example.com");

        GovernanceDecision stored = PersonalFields.encrypt(plain, r -> key);

        assertThat(stored.getSubject()).startsWith("gdpr:v1:" + ref + ":").doesNotContain("alice");
        assertThat(stored.getReason()).startsWith("gdpr:v1:").doesNotContain("alice");
        assertThat(stored.getTarget()).isEqualTo("billing");
        assertThat(stored.getEffect()).isEqualTo(Effect.DENY);
        assertThat(PersonalFields.subjectRef(stored)).contains(ref);
        assertThat(PersonalFields.dataSubjects(plain).stream().findFirst()).contains("alice@example.com");
        assertThat(PersonalFields.dataSubjects(stored).stream().findFirst()).isEmpty();

        GovernanceDecision read = PersonalFields.decrypt(stored, r -> r.equals(ref) ? Optional.of(key) : Optional.empty());
        assertThat(read).isEqualTo(plain);
    }

    @Test
    void givenAnEncryptedLedgerEntry_whenTheKeyIsDestroyed_thenFieldsReadErased_andTheEntryStillVerifies() {
        Aead key = DataKeys.aead(DataKeys.generate());
        String ref = SubjectRef.of("bobby");
        LedgerEntry entry = new LedgerChain("test").next(ChainHead.genesis(0),
                LedgerFact.decision(PersonalFields.encrypt(decision("bobby"), r -> key)), T0);

        assertThat(new String(Bytes.of(entry.getPayload()), StandardCharsets.ISO_8859_1)).doesNotContain("bobby");
        // The chain commits to the hash of the stored ciphertext: destroying the key changes no byte of the entry.
        assertThat(Arrays.equals(ChainHasher.sha256(Bytes.of(entry.getPayload())), Bytes.of(entry.getPayloadHash()))).isTrue();
        assertThat(Arrays.equals(ChainHasher.hash(entry), Bytes.of(entry.getHash()))).isTrue();

        ExportRow readable = ExportRow.of(entry, 0, (e, p) -> PersonalFields.decrypt(p, r -> Optional.of(key)));
        assertThat(readable.subject()).isEqualTo("bobby");
        assertThat(readable.reason()).isEqualTo("no rule lets bobby refund");
        assertThat(readable.subjectRef()).isEqualTo(ref);

        ExportRow erased = ExportRow.of(entry, 0, (e, p) -> PersonalFields.decrypt(p, r -> Optional.empty()));
        assertThat(erased.subject()).isEqualTo(PersonalFields.ERASED);
        assertThat(erased.reason()).isEqualTo(PersonalFields.ERASED);

        Aead newKeyAfterErasure = DataKeys.aead(DataKeys.generate());
        ExportRow stillErased = ExportRow.of(entry, 0, (e, p) -> PersonalFields.decrypt(p, r -> Optional.of(newKeyAfterErasure)));
        assertThat(stillErased.subject()).isEqualTo(PersonalFields.ERASED);
    }

    @Test
    void givenACiphertextMovedToAnotherSubject_whenDecrypted_thenItDoesNotOpen() {
        Aead key = DataKeys.aead(DataKeys.generate());
        GovernanceDecision stored = PersonalFields.encrypt(decision("carol"), r -> key);
        String forged = stored.getSubject().replace(SubjectRef.of("carol"), SubjectRef.of("dave"));
        stored.setSubject(forged);
        assertThat(PersonalFields.decrypt(stored, r -> Optional.of(key)).getSubject()).isEqualTo(PersonalFields.ERASED);
    }

    @Test
    void givenADecisionNamingTwoPeople_whenEncrypted_thenEachFieldNeedsBothKeys_andErasingEitherErasesIt() {
        Aead alice = DataKeys.aead(DataKeys.generate());
        Aead bob = DataKeys.aead(DataKeys.generate());
        String aliceRef = SubjectRef.of("alice");
        String bobRef = SubjectRef.of("bobby");
        GovernanceDecision plain = decision("alice");
        plain.setReason("approved by bobby (devops)");
        plain.setApprovers(java.util.List.of("bobby"));
        assertThat(PersonalFields.dataSubjects(plain)).containsExactly("alice", "bobby");

        GovernanceDecision stored = PersonalFields.encrypt(plain, ref -> ref.equals(aliceRef) ? alice : bob);

        assertThat(stored.getReason()).startsWith("gdpr:v2:").doesNotContain("bobby").doesNotContain("alice");
        assertThat(stored.getApprovers()).singleElement().satisfies(a -> assertThat(a).startsWith("gdpr:v2:"));
        assertThat(PersonalFields.subjectRefs(stored)).containsExactlyInAnyOrder(aliceRef, bobRef);
        assertThat(PersonalFields.dataSubjects(stored)).isEmpty();
        assertThat(PersonalFields.decrypt(stored, ref -> Optional.of(ref.equals(aliceRef) ? alice : bob))).isEqualTo(plain);

        GovernanceDecision bobErased = PersonalFields.decrypt(stored, ref -> ref.equals(aliceRef) ? Optional.of(alice) : Optional.empty());
        assertThat(bobErased.getReason()).isEqualTo(PersonalFields.ERASED);
        assertThat(bobErased.getSubject()).isEqualTo(PersonalFields.ERASED);
        assertThat(bobErased.getApprovers()).containsExactly(PersonalFields.ERASED);
        assertThat(bobErased.getTarget()).isEqualTo("billing");
        GovernanceDecision aliceErased = PersonalFields.decrypt(stored, ref -> ref.equals(bobRef) ? Optional.of(bob) : Optional.empty());
        assertThat(aliceErased.getReason()).isEqualTo(PersonalFields.ERASED);

        // Dropping a person from the token does not open it with the remaining key: the references are bound.
        GovernanceDecision forged = PersonalFields.decrypt(stored, r -> Optional.of(r.equals(aliceRef) ? alice : bob));
        stored.setReason(stored.getReason().replace(aliceRef + "," + bobRef, bobRef).replace(bobRef + "," + aliceRef, bobRef));
        assertThat(forged.getReason()).isEqualTo("approved by bobby (devops)");
        assertThat(PersonalFields.decrypt(stored, r -> Optional.of(r.equals(aliceRef) ? alice : bob)).getReason())
                .isEqualTo(PersonalFields.ERASED);
    }

    @Test
    void givenADeploymentEvent_whenEncrypted_thenTheBranchesPersonalFieldsAreCiphertext_andOtherFieldsStay() {
        Aead carol = DataKeys.aead(DataKeys.generate());
        io.govstream.events.deployment.DeploymentEvent event = io.govstream.events.deployment.DeploymentEvent.newBuilder()
                .setEvent(io.govstream.events.deployment.PromotionRequested.newBuilder()
                        .setEnvelope(decision("x").getEnvelope()).setService("checkout").setVersion("1.2.3")
                        .setFromEnvironment("staging").setToEnvironment("production").setRequester("carol")
                        .setSummary("carol's hotfix").build())
                .build();
        assertThat(PersonalFields.dataSubjects(event)).containsExactly("carol");

        io.govstream.events.deployment.DeploymentEvent stored = PersonalFields.encrypt(event, ref -> carol);

        var asked = (io.govstream.events.deployment.PromotionRequested) stored.getEvent();
        assertThat(asked.getRequester()).startsWith("gdpr:v1:" + SubjectRef.of("carol"));
        assertThat(asked.getSummary()).startsWith("gdpr:v1:");
        assertThat(asked.getService()).isEqualTo("checkout");
        assertThat(PersonalFields.decrypt(stored, ref -> Optional.of(carol))).isEqualTo(event);
        assertThat(((io.govstream.events.deployment.PromotionRequested) PersonalFields.decrypt(stored, ref -> Optional.empty())
                .getEvent()).getSummary()).isEqualTo(PersonalFields.ERASED);
    }

    @Test
    void givenTheKek_whenADataKeyIsWrapped_thenOnlyThatKeyNameUnwrapsIt_andTheFileIsPrivate() throws Exception {
        Path file = dataDir.resolve("keys/ledger-kek.json");
        KeysetFileKek.create(file);
        KeyEncryptionKey kek = KeysetFileKek.load(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(kek.id()).startsWith("file:");

        KeysetHandle dataKey = DataKeys.generate();
        byte[] wrapped = kek.wrap("s-1/0", dataKey);
        byte[] ct = DataKeys.aead(dataKey).encrypt("x".getBytes(StandardCharsets.UTF_8), new byte[0]);
        Aead unwrapped = DataKeys.aead(KekSources.standard().load(KeysetFileKek.uri(file)).unwrap("s-1/0", wrapped));
        assertThat(unwrapped.decrypt(ct, new byte[0])).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> kek.unwrap("s-2/0", wrapped)).hasMessageContaining("cannot unwrap the data key s-2/0");
        assertThatThrownBy(() -> KeyEncryptionKey.of(DataKeys.generate(), "memory").unwrap("s-1/0", wrapped)).isInstanceOf(IllegalArgumentException.class);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeysetFileKek.load(file)).hasMessageContaining("chmod 600");
    }

    @Test
    void givenKeysTopicRecords_whenATombstoneFollows_thenTheKeyRingNoLongerHoldsTheKey() {
        KeyEncryptionKey kek = KeyEncryptionKey.of(DataKeys.generate(), "memory");
        KeyRing ring = new KeyRing(kek);
        String ref = SubjectRef.of("erin");
        ring.accept(SubjectRef.keyOf(ref, 1), kek.wrap(SubjectRef.keyOf(ref, 1), DataKeys.generate()));
        assertThat(ring.key(ref, 1)).isPresent();
        assertThat(ring.key(ref, 0)).isEmpty();
        assertThat(holdsAny(ring, ref)).isTrue();
        ring.accept(SubjectRef.keyOf(ref, 1), null);
        assertThat(ring.key(ref, 1)).isEmpty();
        assertThat(holdsAny(ring, ref)).isFalse();
    }

    @Test
    void givenAnErasedPersonMarker_whenReadBack_thenItHoldsThePseudonym_andNamesNoOne() {
        String marker = SubjectRef.erasedPerson(SubjectRef.of("bobby"));

        assertThat(SubjectRef.erasedRef(marker)).contains(SubjectRef.of("bobby"));
        assertThat(PersonalFields.isErased(marker)).isTrue();
        assertThat(PersonalFields.isErased(PersonalFields.ERASED)).isTrue();
        assertThat(PersonalFields.isErased("[erased")).isFalse();
        assertThat(SubjectRef.erasedRef("bobby")).isEmpty();
        io.govstream.events.EscalationStep step = io.govstream.events.EscalationStep.newBuilder()
                .setEnvelope(io.govstream.events.Envelope.newBuilder().setEventId("e").setCorrelationId("c").setCausationId("e")
                        .setTenant("acme").setOccurredAt(java.time.Instant.EPOCH).setProducer("test").build())
                .setCorrelationId("c").setVoteEventId("v").setApprover(marker).setRole("devops").setGranted(true).setCounted(true).setNote("counted")
                .build();
        assertThat(PersonalFields.dataSubjects(step)).as("a marker is no one's name").isEmpty();
    }

    /** Whether the ring holds a key of {@code subjectRef} for any partition (the tests write to the first few). */
    private static boolean holdsAny(KeyRing ring, String subjectRef) {
        return IntStream.range(0, 16).anyMatch(p -> ring.key(subjectRef, p).isPresent());
    }
}

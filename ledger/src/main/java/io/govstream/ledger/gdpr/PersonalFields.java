package io.govstream.ledger.gdpr;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encrypts and decrypts the personal fields of an event, as its Avro schema marks them:
 * <ul>
 *   <li>record property {@code "dataSubject": "<field>"} names the string field that identifies
 *       the person (e.g. GovernanceDecision.subject);</li>
 *   <li>field property {@code "personal": true} marks a top-level string field as that person's
 *       personal data (the identifier itself is marked too).</li>
 * </ul>
 * An encrypted field holds the token {@code gdpr:v1:<subjectRef>:<base64url(AEAD ciphertext)>},
 * so the record keeps its schema and the ledger's payloadHash covers the ciphertext. The AEAD's
 * associated data binds the ciphertext to the record type, the field and the subject reference.
 * Once a subject's key is destroyed, its fields read as {@value #ERASED}.
 */
public final class PersonalFields {
    public static final String TOKEN_PREFIX = "gdpr:v1:";
    public static final String ERASED = "[erased]";
    private static final String AD_PREFIX = "govstream-personal-v1|";

    private PersonalFields() {
    }

    /** The identifier of the record's data subject, if its schema names one and it is present in clear. */
    public static Optional<String> dataSubject(SpecificRecord record) {
        String field = record.getSchema().getProp("dataSubject");
        if (field == null || record.getSchema().getField(field) == null) {
            return Optional.empty();
        }
        Object value = record.get(record.getSchema().getField(field).pos());
        if (value == null || isToken(value.toString())) {
            return Optional.empty();
        }
        return Optional.of(value.toString());
    }

    public static boolean hasPersonalFields(Schema schema) {
        return schema.getType() == Schema.Type.RECORD && schema.getFields().stream().anyMatch(PersonalFields::personal);
    }

    /** A copy of {@code record} with every personal field encrypted under the subject's key. */
    public static <T extends SpecificRecord> T encrypt(T record, String subjectRef, Aead key) {
        Schema schema = record.getSchema();
        @SuppressWarnings("unchecked")
        T copy = (T) SpecificData.get().deepCopy(schema, record);
        for (Schema.Field field : schema.getFields()) {
            Object value = copy.get(field.pos());
            if (!personal(field) || value == null || isToken(value.toString())) {
                continue;
            }
            try {
                byte[] ct = key.encrypt(value.toString().getBytes(StandardCharsets.UTF_8), ad(schema, field, subjectRef));
                copy.put(field.pos(), TOKEN_PREFIX + subjectRef + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(ct));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encrypt " + schema.getName() + "." + field.name(), e);
            }
        }
        return copy;
    }

    /**
     * A copy with every personal field decrypted; a field whose key is gone (erased) or no longer
     * opens it (a new key after an erasure) reads {@value #ERASED}.
     *
     * @param keys subject reference → its data key, empty when there is none
     */
    public static <T extends SpecificRecord> T decrypt(T record, Function<String, Optional<Aead>> keys) {
        Schema schema = record.getSchema();
        @SuppressWarnings("unchecked")
        T copy = (T) SpecificData.get().deepCopy(schema, record);
        for (Schema.Field field : schema.getFields()) {
            Object value = copy.get(field.pos());
            if (!personal(field) || value == null || !isToken(value.toString())) {
                continue;
            }
            copy.put(field.pos(), open(value.toString(), schema, field, keys));
        }
        return copy;
    }

    /** The subject reference of the first encrypted field, if any. */
    public static Optional<String> subjectRef(SpecificRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (personal(field) && value != null && isToken(value.toString())) {
                String rest = value.toString().substring(TOKEN_PREFIX.length());
                int colon = rest.indexOf(':');
                return colon < 0 ? Optional.empty() : Optional.of(rest.substring(0, colon));
            }
        }
        return Optional.empty();
    }

    public static boolean isToken(String value) {
        return value.startsWith(TOKEN_PREFIX);
    }

    private static String open(String token, Schema schema, Schema.Field field, Function<String, Optional<Aead>> keys) {
        String rest = token.substring(TOKEN_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("malformed personal-data token in " + schema.getName() + "." + field.name());
        }
        String ref = rest.substring(0, colon);
        Optional<Aead> key = keys.apply(ref);
        if (key.isEmpty()) {
            return ERASED;
        }
        try {
            byte[] pt = key.get().decrypt(Base64.getUrlDecoder().decode(rest.substring(colon + 1)), ad(schema, field, ref));
            return new String(pt, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Tink names no reason on purpose; with an intact ledger (verify checks payload hashes)
            // this means the subject's key was destroyed and a new one made since: the data is erased.
            return ERASED;
        }
    }

    private static boolean personal(Schema.Field field) {
        Object flag = field.getObjectProp("personal");
        return Boolean.TRUE.equals(flag) && field.schema().getType() == Schema.Type.STRING;
    }

    private static byte[] ad(Schema schema, Schema.Field field, String ref) {
        return (AD_PREFIX + schema.getFullName() + "|" + field.name() + "|" + ref).getBytes(StandardCharsets.UTF_8);
    }
}

package io.govstream.ledger.gdpr;

import io.govstream.schemas.gdpr.SubjectRef;
import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encrypts and decrypts the personal fields of an event, as its Avro schema marks them. Any record
 * of the event (the top level, a union branch, an array item) may carry:
 * <ul>
 *   <li>record property {@code "dataSubjects": ["<field>", ...]} (or the single {@code "dataSubject"})
 *       naming the fields whose values identify people: a string, an optional string or an array of
 *       strings (e.g. GovernanceDecision's requester {@code subject} and its {@code approvers});</li>
 *   <li>field property {@code "personal": true} on a string, optional string or array of strings:
 *       data about those people (the identifying fields are marked too).</li>
 * </ul>
 * Every personal field of an event is encrypted under the data key of every person the event names,
 * one layer per person in reference order: whichever of them is erased, the field no longer opens.
 * One person: {@code gdpr:v1:<ref>:<base64url(ciphertext)>}; several:
 * {@code gdpr:v2:<ref>,<ref>,...:<base64url(ciphertext)>}. The record keeps its schema, and the
 * ledger's payloadHash covers the ciphertext. Each layer's associated data binds it to the record
 * type, the field and the references. Once a key is destroyed, the field reads {@value #ERASED}.
 */
public final class PersonalFields {
    public static final String ERASED = "[erased]";
    private static final String V1 = "gdpr:v1:";
    private static final String V2 = "gdpr:v2:";
    private static final String AD_PREFIX = "govstream-personal-v1|";
    private static final String AD_PREFIX_V2 = "govstream-personal-v2|";

    private PersonalFields() {
    }

    /** Every identifier of a person the record names in clear, in field order; empty strings are no one. */
    public static Set<String> dataSubjects(SpecificRecord record) {
        Set<String> found = new LinkedHashSet<>();
        collectSubjects(record, found);
        return found;
    }

    /**
     * Whether {@code value} stands for erased data: {@value #ERASED} or a {@link SubjectRef#erasedPerson} marker, the
     * pseudonym that state outliving an erasure keeps in place of a person's name (so a vote already counted still counts
     * once, and the person, should they come back under the same name, is still recognised). No one is named by it.
     */
    public static boolean isErased(String value) {
        return ERASED.equals(value) || SubjectRef.erasedRef(value).isPresent();
    }

    public static boolean hasPersonalFields(Schema schema) {
        return marks(schema, new HashSet<>());
    }

    /**
     * A copy of {@code record} with every personal field encrypted under the keys of every person it
     * names ({@link #dataSubjects}); the record itself when it names no one.
     *
     * @param keyOfRef the data key of a subject reference (created on first use by the caller)
     */
    public static <T extends SpecificRecord> T encrypt(T record, Function<String, Aead> keyOfRef) {
        TreeSet<String> refs = new TreeSet<>();
        dataSubjects(record).forEach(s -> refs.add(SubjectRef.of(s)));
        return refs.isEmpty() ? record : encrypt(record, keyOfRef, List.copyOf(refs));
    }

    private static <T extends SpecificRecord> T encrypt(T record, Function<String, Aead> keyOfRef, List<String> refs) {
        List<Aead> keys = refs.stream().map(keyOfRef).toList();
        @SuppressWarnings("unchecked")
        T copy = (T) SpecificData.get().deepCopy(record.getSchema(), record);
        transform(copy, (schema, field, value) -> isToken(value) ? value : seal(value, schema, field, refs, keys));
        return copy;
    }

    /**
     * A copy with every personal field decrypted; a field one of whose keys is gone (erased) or no
     * longer opens it (a new key after an erasure) reads {@value #ERASED}.
     *
     * @param keys subject reference → its data key, empty when there is none
     */
    public static <T extends SpecificRecord> T decrypt(T record, Function<String, Optional<Aead>> keys) {
        @SuppressWarnings("unchecked")
        T copy = (T) SpecificData.get().deepCopy(record.getSchema(), record);
        transform(copy, (schema, field, value) -> isToken(value) ? open(value, schema, field, keys) : value);
        return copy;
    }

    /** The subject reference of the first encrypted field, if any. */
    public static Optional<String> subjectRef(SpecificRecord record) {
        return subjectRefs(record).stream().findFirst();
    }

    /** Every subject reference under whose key a field of the record is encrypted. */
    public static Set<String> subjectRefs(SpecificRecord record) {
        Set<String> refs = new LinkedHashSet<>();
        transform(record, (schema, field, value) -> {
            if (isToken(value)) {
                refs.addAll(parse(value, schema, field).refs());
            }
            return value;
        });
        return refs;
    }

    public static boolean isToken(String value) {
        return value.startsWith(V1) || value.startsWith(V2);
    }

    private record Token(List<String> refs, byte[] ciphertext) {
    }

    private static String seal(String value, Schema schema, Schema.Field field, List<String> refs, List<Aead> keys) {
        boolean v1 = refs.size() == 1;
        try {
            byte[] data = value.getBytes(StandardCharsets.UTF_8);
            byte[] ad = ad(v1, schema, field, refs);
            for (Aead key : keys) {
                data = key.encrypt(data, ad);
            }
            return (v1 ? V1 : V2) + String.join(",", refs) + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + schema.getName() + "." + field.name(), e);
        }
    }

    private static String open(String token, Schema schema, Schema.Field field, Function<String, Optional<Aead>> keys) {
        Token parsed = parse(token, schema, field);
        List<String> refs = parsed.refs();
        byte[] data = parsed.ciphertext();
        try {
            byte[] ad = ad(token.startsWith(V1), schema, field, refs);
            for (int i = refs.size() - 1; i >= 0; i--) { // a v1 token has one reference, one layer
                Optional<Aead> key = keys.apply(refs.get(i));
                if (key.isEmpty()) {
                    return ERASED;
                }
                data = key.get().decrypt(data, ad);
            }
            return new String(data, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Tink names no reason on purpose; with an intact ledger (verify checks payload hashes)
            // this means a subject's key was destroyed and a new one made since: the data is erased.
            return ERASED;
        }
    }

    private static Token parse(String token, Schema schema, Schema.Field field) {
        String rest = token.substring(V1.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("malformed personal-data token in " + schema.getName() + "." + field.name());
        }
        List<String> refs = List.of(rest.substring(0, colon).split(","));
        if (token.startsWith(V1) && refs.size() != 1) {
            throw new IllegalArgumentException("malformed personal-data token in " + schema.getName() + "." + field.name());
        }
        try {
            return new Token(refs, Base64.getUrlDecoder().decode(rest.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed personal-data token in " + schema.getName() + "." + field.name(), e);
        }
    }

    /** What to do with the value of one personal string. */
    @FunctionalInterface
    private interface FieldOp {
        String apply(Schema record, Schema.Field field, String value);
    }

    /** Applies {@code op} to every personal string of {@code record} and its nested records, in place. */
    private static void transform(SpecificRecord record, FieldOp op) {
        Schema schema = record.getSchema();
        for (Schema.Field field : schema.getFields()) {
            Object value = record.get(field.pos());
            if (value == null) {
                continue;
            }
            if (personal(field)) {
                if (value instanceof CharSequence s) {
                    record.put(field.pos(), op.apply(schema, field, s.toString()));
                } else if (value instanceof List<?> list) {
                    record.put(field.pos(), list.stream().map(item -> item == null ? null : op.apply(schema, field, item.toString()))
                            .collect(Collectors.toList())); // mutable, like the lists Avro decodes
                }
            } else {
                forEachNested(value, nested -> transform(nested, op));
            }
        }
    }

    /** {@code value} if it is a record, or each record it holds if it is an array. */
    private static void forEachNested(Object value, Consumer<SpecificRecord> action) {
        if (value instanceof SpecificRecord nested) {
            action.accept(nested);
        } else if (value instanceof Collection<?> items) {
            items.stream().filter(SpecificRecord.class::isInstance).map(SpecificRecord.class::cast).forEach(action);
        }
    }

    private static void collectSubjects(SpecificRecord record, Set<String> found) {
        Schema schema = record.getSchema();
        for (String name : subjectFields(schema)) {
            Schema.Field field = schema.getField(name);
            Object value = field == null ? null : record.get(field.pos());
            if (value instanceof CharSequence s) {
                addSubject(s.toString(), found);
            } else if (value instanceof List<?> list) {
                list.forEach(item -> {
                    if (item != null) {
                        addSubject(item.toString(), found);
                    }
                });
            }
        }
        schema.getFields().forEach(field -> forEachNested(record.get(field.pos()), nested -> collectSubjects(nested, found)));
    }

    private static void addSubject(String value, Set<String> found) {
        if (!value.isEmpty() && !isToken(value) && !isErased(value)) {
            found.add(value);
        }
    }

    private static List<String> subjectFields(Schema schema) {
        List<String> names = new ArrayList<>();
        String single = schema.getProp("dataSubject");
        if (single != null) {
            names.add(single);
        }
        Object many = schema.getObjectProp("dataSubjects");
        if (many instanceof Collection<?> list) {
            list.forEach(n -> names.add(n.toString()));
        }
        return names;
    }

    private static boolean marks(Schema schema, Set<String> seen) {
        return switch (schema.getType()) {
            case RECORD -> seen.add(schema.getFullName())
                    && schema.getFields().stream().anyMatch(field -> personal(field) || marks(field.schema(), seen));
            case UNION -> schema.getTypes().stream().anyMatch(s -> marks(s, seen));
            case ARRAY -> marks(schema.getElementType(), seen);
            default -> false;
        };
    }

    /** A field marked personal whose type is a string, an optional string or an array of strings. */
    private static boolean personal(Schema.Field field) {
        if (!Boolean.TRUE.equals(field.getObjectProp("personal"))) {
            return false;
        }
        Schema type = field.schema();
        if (type.getType() == Schema.Type.UNION) {
            return type.getTypes().stream().allMatch(t -> t.getType() == Schema.Type.NULL || t.getType() == Schema.Type.STRING);
        }
        return type.getType() == Schema.Type.STRING
                || type.getType() == Schema.Type.ARRAY && type.getElementType().getType() == Schema.Type.STRING;
    }

    private static byte[] ad(boolean v1, Schema schema, Schema.Field field, List<String> refs) {
        return ((v1 ? AD_PREFIX : AD_PREFIX_V2) + schema.getFullName() + "|" + field.name() + "|" + String.join(",", refs))
                .getBytes(StandardCharsets.UTF_8);
    }
}

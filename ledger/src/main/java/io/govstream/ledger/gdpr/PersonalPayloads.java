package io.govstream.ledger.gdpr;

import io.govstream.events.LedgerEntry;
import io.govstream.events.SubjectErasure;
import io.govstream.ledger.PayloadDecoder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The ledger payloads that hold personal data: those whose type's schema marks personal fields
 * ({@link PersonalFields}). Finds a payload's generated class by its type name, once.
 */
public final class PersonalPayloads {
    private static final Map<String, Class<? extends SpecificRecord>> TYPES = new ConcurrentHashMap<>();
    private static final Class<? extends SpecificRecord> NONE = SpecificRecord.class;
    private static final String ERASURE = SubjectErasure.getClassSchema().getFullName();

    private PersonalPayloads() {
    }

    /** The generated class of a payload type whose schema marks personal fields, or null. */
    @SuppressWarnings("unchecked")
    public static Class<? extends SpecificRecord> typeOf(String payloadType) {
        Class<? extends SpecificRecord> type = TYPES.computeIfAbsent(payloadType, name -> {
            Class<?> found;
            try {
                found = Class.forName(name, false, PersonalPayloads.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return NONE; // no generated class of that name: nothing this version marks personal
            }
            if (!SpecificRecord.class.isAssignableFrom(found)) {
                return NONE;
            }
            Class<? extends SpecificRecord> specific = (Class<? extends SpecificRecord>) found;
            return PersonalFields.hasPersonalFields(SpecificData.get().getSchema(specific)) ? specific : NONE;
        });
        return type == NONE ? null : type;
    }

    /** The payload decoded, if its type holds personal data. */
    public static Optional<SpecificRecord> decode(LedgerEntry entry) {
        return Optional.ofNullable(typeOf(entry.getPayloadType())).map(type -> PayloadDecoder.decode(entry, type));
    }

    /**
     * The people an entry is about, as subject references: those whose keys encrypt its fields, or
     * the subject an erasure entry erased.
     */
    public static Set<String> subjectRefs(LedgerEntry entry) {
        if (ERASURE.equals(entry.getPayloadType())) {
            return Set.of(PayloadDecoder.decode(entry, SubjectErasure.class).getSubjectRef());
        }
        return decode(entry).map(PersonalFields::subjectRefs).orElse(Set.of());
    }
}

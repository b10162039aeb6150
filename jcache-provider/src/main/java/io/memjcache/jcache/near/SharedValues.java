package io.memjcache.jcache.near;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Which deserialized values a near cache may hand to every reader as they are, instead of deserializing a copy per
 * hit as store-by-value requires: values of a store-by-reference cache, and values nobody can change, the exact
 * immutable JDK value classes below and enum constants (deserialization returns the constant itself anyway). A
 * subclass of a listed class (BigInteger and BigDecimal are not final) is not listed: it may be mutable.
 *
 * <p>Thread-safe (stateless). Arguments must not be {@code null}.
 */
public final class SharedValues {

    private static final Set<Class<?>> IMMUTABLE = Set.of(
            String.class,
            Boolean.class,
            Byte.class,
            Character.class,
            Short.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            BigInteger.class,
            BigDecimal.class,
            UUID.class,
            Instant.class,
            Duration.class,
            Period.class,
            LocalDate.class,
            LocalTime.class,
            LocalDateTime.class,
            OffsetTime.class,
            OffsetDateTime.class,
            ZonedDateTime.class,
            Year.class,
            YearMonth.class,
            MonthDay.class,
            ZoneOffset.class);

    private SharedValues() {}

    /**
     * @param value        a value just deserialized
     * @param storeByValue whether the cache is store-by-value (JCache's default)
     * @return whether {@code value} may be handed to every reader of the near entry, unchanged and uncopied
     */
    public static boolean shareable(Object value, boolean storeByValue) {
        return !storeByValue || IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>;
    }
}

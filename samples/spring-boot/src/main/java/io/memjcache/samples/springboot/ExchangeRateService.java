package io.memjcache.samples.springboot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Exchange rates, cached with Spring's own annotations. Computing a rate stands for an expensive call (a remote
 * price feed); {@link #computations()} counts how often it really ran, which is how the tests see the cache work.
 *
 * <p>Thread-safe. Currency codes must not be {@code null}; results are never {@code null}.
 */
@Service
public class ExchangeRateService {

    /** Euros per unit of each currency: the "feed" the rates are derived from. */
    private static final Map<String, BigDecimal> EUROS_PER_UNIT = Map.of(
            "EUR", BigDecimal.ONE,
            "USD", new BigDecimal("0.9210"),
            "GBP", new BigDecimal("1.1730"),
            "CHF", new BigDecimal("1.0640"),
            "JPY", new BigDecimal("0.0061"));

    private final AtomicInteger computations = new AtomicInteger();

    /**
     * Spring caches the result under the key {@code SimpleKey[from, to]}, which the provider stores serialized.
     *
     * @return how many units of {@code to} one unit of {@code from} buys, to six decimals
     * @throws IllegalArgumentException if a currency is unknown (nothing is cached then)
     */
    @Cacheable(CacheNames.EXCHANGE_RATES)
    public BigDecimal rate(String from, String to) {
        computations.incrementAndGet();
        return eurosPerUnit(from).divide(eurosPerUnit(to), 6, RoundingMode.HALF_EVEN);
    }

    /** Drops the cached rate, so the next {@link #rate} call computes it again. */
    @CacheEvict(CacheNames.EXCHANGE_RATES)
    public void refresh(String from, String to) {
        // The annotation does the work; the method body is what a real service would do to refresh its source.
    }

    /** @return how often {@link #rate} really computed a rate (cache misses) */
    public int computations() {
        return computations.get();
    }

    private static BigDecimal eurosPerUnit(String currency) {
        BigDecimal value = EUROS_PER_UNIT.get(currency.toUpperCase(Locale.ROOT));
        if (value == null) {
            throw new IllegalArgumentException("unknown currency " + currency + "; known: " + EUROS_PER_UNIT.keySet());
        }
        return value;
    }
}

package io.memjcache.samples.springboot;

/**
 * The names of the sample's caches, shared by the services that use them and the configuration that creates them.
 *
 * <p>Thread-safe (constants only).
 */
public final class CacheNames {

    /** Exchange rates, cached by Spring's {@code @Cacheable} in {@link ExchangeRateService}. */
    public static final String EXCHANGE_RATES = "exchangeRates";

    /** City populations, cached by the JSR-107 annotations in {@link CityDirectory}. */
    public static final String CITY_POPULATIONS = "cityPopulations";

    private CacheNames() {}
}

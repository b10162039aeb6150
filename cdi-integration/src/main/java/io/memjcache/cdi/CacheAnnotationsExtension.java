package io.memjcache.cdi;

import io.memjcache.cdi.core.CacheAnnotationConfigurationException;
import io.memjcache.cdi.core.CacheInterception;
import io.memjcache.cdi.core.CacheOperation;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.jspecify.annotations.Nullable;

/**
 * The CDI portable extension that makes the JSR-107 caching annotations ({@code @CacheResult}, {@code @CachePut},
 * {@code @CacheRemove}, {@code @CacheRemoveAll}) work in any CDI 4 container with nothing but this jar on the class
 * path. It is found through {@code META-INF/services/jakarta.enterprise.inject.spi.Extension} and:
 * <ul>
 *   <li>declares the four annotations as interceptor bindings with every member non-binding (they carry only the
 *       old {@code javax.enterprise} {@code @Nonbinding}, which a Jakarta container does not see);</li>
 *   <li>adds the four interceptors, which are enabled for the whole application by their {@code @Priority}, so no
 *       {@code beans.xml} entry is needed and bean discovery mode does not matter;</li>
 *   <li>checks the annotations of every managed bean while deploying, so an unusable resolver factory or key
 *       generator, or a {@code @CachePut} without its {@code @CacheValue}, fails deployment;</li>
 *   <li>resolves caches from the application's {@link CacheManager} bean when there is one, otherwise from
 *       {@code Caching.getCachingProvider().getCacheManager()}.</li>
 * </ul>
 *
 * <p>Thread-safe: the container calls the observers from one thread, intercepted calls may come from any.
 */
public class CacheAnnotationsExtension implements Extension {

    private static final List<Class<?>> INTERCEPTORS = List.of(
            CacheResultInterceptor.class,
            CachePutInterceptor.class,
            CacheRemoveInterceptor.class,
            CacheRemoveAllInterceptor.class);

    private final CacheInterception interception = new CacheInterception(this::cacheManager);
    /** Set once deployment is valid; {@code null} before. */
    private volatile @Nullable BeanManager beanManager;

    /** Creates the extension; done by the container through the service loader. */
    public CacheAnnotationsExtension() {
        // State is created with the fields; the container drives everything else through the observers.
    }

    void registerInterceptors(@Observes BeforeBeanDiscovery discovery) {
        for (CacheOperation operation : CacheOperation.values()) {
            discovery
                    .configureInterceptorBinding(operation.annotationType())
                    .methods()
                    .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
        }
        for (Class<?> interceptor : INTERCEPTORS) {
            discovery.addAnnotatedType(
                    interceptor, CacheAnnotationsExtension.class.getName() + "#" + interceptor.getSimpleName());
        }
    }

    <T> void validateAnnotations(@Observes ProcessManagedBean<T> bean) {
        AnnotatedType<T> type = bean.getAnnotatedBeanClass();
        if (type.isAnnotationPresent(Interceptor.class)) {
            // The interceptors carry the annotations as bindings, not as caching instructions.
            return;
        }
        for (AnnotatedMethod<? super T> annotated : type.getMethods()) {
            Method method = annotated.getJavaMember();
            int modifiers = method.getModifiers();
            if (Modifier.isStatic(modifiers)
                    || Modifier.isPrivate(modifiers)
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                interception.validate(method);
            } catch (CacheAnnotationConfigurationException e) {
                bean.addDefinitionError(e);
            }
        }
    }

    void deploymentValidated(@Observes AfterDeploymentValidation validated, BeanManager manager) {
        this.beanManager = manager;
    }

    /** @return the caching logic shared by the interceptors */
    CacheInterception interception() {
        return interception;
    }

    private CacheManager cacheManager() {
        BeanManager manager = beanManager;
        if (manager != null) {
            Set<Bean<?>> beans = manager.getBeans(CacheManager.class);
            if (!beans.isEmpty()) {
                Bean<?> bean = manager.resolve(beans);
                CreationalContext<?> context = manager.createCreationalContext(bean);
                return (CacheManager) manager.getReference(bean, CacheManager.class, context);
            }
        }
        return Caching.getCachingProvider().getCacheManager();
    }
}

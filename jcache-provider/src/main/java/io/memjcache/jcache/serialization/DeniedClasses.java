package io.memjcache.jcache.serialization;

import java.util.List;

/**
 * Classes and packages the deserializer refuses: the building blocks of publicly known Java deserialization gadget
 * chains (code-execution, JNDI/RMI callbacks, arbitrary file writes). A cache never needs to store these, so refusing
 * them costs nothing and turns a poisoned cache entry into an error instead of code execution.
 *
 * <p>An entry ending in {@code .} denies a package and its sub-packages; any other entry denies that class and its
 * nested classes. Thread-safe (immutable). Not part of the provider's API. Class names must not be {@code null}.
 */
final class DeniedClasses {

    private static final List<String> ENTRIES = List.of(
            // JDK internals and JDK classes used as chain triggers or sinks.
            "com.sun.org.apache.xalan.internal.xsltc.trax.",
            "com.sun.org.apache.bcel.internal.",
            "com.sun.jndi.",
            "com.sun.rowset.JdbcRowSetImpl",
            "com.sun.corba.",
            "sun.reflect.annotation.AnnotationInvocationHandler",
            "sun.rmi.",
            "java.rmi.server.UnicastRemoteObject",
            "java.rmi.server.RemoteObjectInvocationHandler",
            "java.rmi.activation.",
            "javax.management.BadAttributeValueExpException",
            "javax.management.remote.rmi.",
            "javax.naming.",
            // Libraries with well-known chains.
            "org.apache.commons.collections.functors.",
            "org.apache.commons.collections4.functors.",
            "org.apache.commons.beanutils.BeanComparator",
            "org.apache.commons.fileupload.disk.DiskFileItem",
            "org.apache.wicket.util.upload.DiskFileItem",
            "org.apache.xalan.xsltc.trax.",
            "org.apache.myfaces.view.facelets.el.",
            "org.apache.click.control.Column$ColumnComparator",
            "org.codehaus.groovy.runtime.",
            "org.springframework.beans.factory.support.AutowireUtils$ObjectFactoryDelegatingInvocationHandler",
            "org.springframework.beans.factory.config.PropertyPathFactoryBean",
            "org.springframework.core.SerializableTypeWrapper",
            "org.springframework.aop.framework.JdkDynamicAopProxy",
            "org.springframework.transaction.jta.JtaTransactionManager",
            "org.mozilla.javascript.",
            "org.python.core.",
            "clojure.",
            "bsh.",
            "com.mchange.v2.c3p0.",
            "com.rometools.rome.feed.impl.ObjectBean",
            "com.sun.syndication.feed.impl.ObjectBean",
            "org.jboss.interceptor.",
            "org.hibernate.tuple.component.AbstractComponentTuplizer",
            "org.hibernate.property.access.spi.GetterMethodImpl",
            "org.hibernate.property.BasicPropertyAccessor$BasicGetter",
            "net.sf.json.",
            "com.alibaba.fastjson.",
            "com.vaadin.data.util.");

    private DeniedClasses() {}

    /** @return whether the class of this binary name is refused */
    static boolean isDenied(String className) {
        for (String entry : ENTRIES) {
            if (entry.endsWith(".")) {
                if (className.startsWith(entry)) {
                    return true;
                }
            } else if (className.equals(entry) || className.startsWith(entry + "$")) {
                return true;
            }
        }
        return false;
    }
}

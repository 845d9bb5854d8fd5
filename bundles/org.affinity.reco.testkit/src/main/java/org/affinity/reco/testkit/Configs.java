package org.affinity.reco.testkit;

import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A configuration annotation as DS would pass it: defaults, with some values overridden. */
public final class Configs {

    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String name = method.getName();
            if (name.equals("annotationType")) {
                return type;
            }
            if (name.equals("toString")) {
                return type.getSimpleName() + overrides;
            }
            if (name.equals("hashCode")) {
                return System.identityHashCode(self);
            }
            if (name.equals("equals")) {
                return self == args[0];
            }
            Object value = overrides.get(name);
            if (value == null) {
                return method.getDefaultValue();
            }
            if (method.getReturnType().isArray() && !value.getClass().isArray()) {
                Object array = Array.newInstance(method.getReturnType().getComponentType(), 1);
                Array.set(array, 0, value);
                return array;
            }
            return value;
        });
        return type.cast(proxy);
    }

    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }
}

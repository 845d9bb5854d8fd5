package org.affinity.vector.lucene.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** VectorConfig instances as DS would make them: the metatype defaults, overridden by {@code values}. */
final class VectorConfigs {

    private VectorConfigs() {
    }

    static VectorConfig with(Map<String, Object> values) {
        return (VectorConfig) Proxy.newProxyInstance(VectorConfig.class.getClassLoader(), new Class<?>[] {VectorConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return VectorConfig.class;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "VectorConfig" + values : method.invoke(values, args);
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}

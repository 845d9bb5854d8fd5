package org.affinity.shell.internal;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** ConfigurationAdmin in memory, as far as the commands use it (get, list by pid, update, delete). */
final class MemoryConfigurations {

    final Map<String, Hashtable<String, Object>> stored = new TreeMap<>();
    final ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getConfiguration" -> configuration((String) args[0]);
                case "listConfigurations" -> list((String) args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private Configuration[] list(String filter) {
        if (filter == null) {
            return stored.keySet().stream().map(this::configuration).toArray(Configuration[]::new);
        }
        Matcher pid = Pattern.compile("\\(service\\.pid=([^)]*)\\)").matcher(filter);
        if (!pid.matches()) {
            throw new UnsupportedOperationException(filter);
        }
        return stored.containsKey(pid.group(1)) ? new Configuration[] {configuration(pid.group(1))} : null;
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> {
                        Hashtable<String, Object> properties = stored.get(pid);
                        if (properties == null) {
                            yield null;
                        }
                        Hashtable<String, Object> copy = new Hashtable<>(properties);
                        copy.put("service.pid", pid);
                        yield copy;
                    }
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> given = (Dictionary<String, Object>) args[0];
                        Hashtable<String, Object> properties = new Hashtable<>();
                        for (String key : Collections.list(given.keys())) {
                            properties.put(key, given.get(key));
                        }
                        properties.remove("service.pid");
                        stored.put(pid, properties);
                        yield null;
                    }
                    case "delete" -> {
                        stored.remove(pid);
                        yield null;
                    }
                    case "hashCode" -> pid.hashCode();
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Configuration " + pid;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

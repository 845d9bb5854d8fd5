package org.affinity.embedding.onnx.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * Keeps ONNX Runtime's native environment alive until the process ends.
 * <p>
 * The Java binding frees the environment in a JVM shutdown hook of its own, and JVM shutdown hooks
 * run at the same time: while the runtime's hook stops the framework, a model still loading (or a
 * session still running or closing) used the freed environment and the JVM died with SIGSEGV in
 * libonnxruntime (StartupTest sends SIGTERM seconds after start, while the int8 model's parts were
 * being opened; one run in three crashed). The native environment is reference counted: one more
 * reference, taken once, means the binding's hook only drops its own, and the process's exit frees
 * the memory. The binding offers no public way to do this, hence reflection on its pinned version;
 * should that fail, the old race is back and a warning says so.
 */
final class EnvironmentPin {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentPin.class);
    private static boolean pinned;

    private EnvironmentPin() {
    }

    /** After the environment exists (so the binding's own reference is the first). */
    static synchronized void pin(OrtEnvironment environment) {
        if (pinned || environment == null) {
            return;
        }
        pinned = true;
        try {
            Field api = Class.forName("ai.onnxruntime.OnnxRuntime", true, OrtEnvironment.class.getClassLoader())
                    .getDeclaredField("ortApiHandle");
            api.setAccessible(true);
            Method create = OrtEnvironment.class.getDeclaredMethod("createHandle", long.class, int.class, String.class);
            create.setAccessible(true);
            create.invoke(null, api.getLong(null), OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR.getValue(), "affinity");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not keep ONNX Runtime's environment past its shutdown hook ({}): stopping the JVM while a model "
                    + "loads may crash it", e.toString());
        }
    }
}

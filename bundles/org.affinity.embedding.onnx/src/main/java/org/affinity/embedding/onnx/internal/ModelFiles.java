package org.affinity.embedding.onnx.internal;

import java.io.IOException;
import java.io.InputStream;

/** Opens the files of a model bundle by their path inside it (a bundle entry, a jar entry). */
@FunctionalInterface
public interface ModelFiles {

    /** @throws IOException naming the path when it does not exist */
    InputStream open(String path) throws IOException;
}

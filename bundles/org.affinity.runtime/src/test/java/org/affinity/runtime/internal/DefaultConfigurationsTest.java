package org.affinity.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.util.Dictionary;

import org.junit.jupiter.api.Test;

class DefaultConfigurationsTest {

    @Test
    void shippedLoggingDefaultsWriteTheFileUnderTheDataFolderAndKeepTheConsoleAtWarn() throws Exception {
        // Tests run in the bundle folder.
        URL source = Path.of("src/main/resources/OSGI-INF/defaults/org.ops4j.pax.logging.cfg").toUri().toURL();
        Dictionary<String, Object> values = DefaultConfigurations.read(source);
        assertEquals("${sys:affinity.data:-var}/log/affinity.log", values.get("log4j2.appender.file.fileName"));
        assertEquals("WARN", values.get("log4j2.rootLogger.appenderRef.console.level"));
        assertEquals("RollingRandomAccessFile", values.get("log4j2.appender.file.type"));
        assertTrue(values.size() > 20, "every line of the file is read: " + values.size());
    }
}

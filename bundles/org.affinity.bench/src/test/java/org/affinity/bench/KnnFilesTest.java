package org.affinity.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the KNN benchmark reads and writes: CSV input, the vectors file, the texts list. */
class KnnFilesTest {

    @TempDir
    Path dir;

    @Test
    void htmlBecomesText() {
        assertEquals(" The  Joust  Duffle & \"Bag\" ", BenchTexts.html("<p>The <b>Joust</b> Duffle &amp; &quot;Bag&quot;</p>"));
    }

    @Test
    void vectorsFileRoundTrips() throws IOException {
        Path f32 = dir.resolve("knn-vectors-test.f32");
        VectorsFile.write(f32, List.of(new VectorsFile.Row("0", "retail", "PINK POT", new float[] {1, -2.5f, 3}),
                new VectorsFile.Row("1", "support", "where is my order", new float[] {0, 0.125f, -7})));
        assertEquals(24, Files.size(f32));
        assertEquals(List.of("0\tretail\tPINK POT", "1\tsupport\twhere is my order"), Files.readAllLines(VectorsFile.tsv(f32)));
        List<VectorsFile.Row> rows = VectorsFile.read(f32);
        assertEquals(2, rows.size());
        assertArrayEquals(new float[] {0, 0.125f, -7}, rows.get(1).vector());
        assertEquals("where is my order", rows.get(1).text());

        Files.write(VectorsFile.tsv(f32), List.of("0\tretail\tPINK POT", "1\tsupport\tx", "2\tsupport\ty", "3\tsupport\tz"));
        assertThrows(IOException.class, () -> VectorsFile.read(f32), "24 bytes are not 4 rows of one size");
    }

    @Test
    void aVectorsFileSplitsIntoIndexedRowsAndQueries() throws IOException {
        Path f32 = dir.resolve("knn-vectors-m.f32");
        List<VectorsFile.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new VectorsFile.Row("t" + i, i % 2 == 0 ? "retail" : "support", "text " + i, new float[] {i + 1, 1}));
        }
        VectorsFile.write(f32, rows);
        KnnData data = KnnData.file(f32, 5);
        assertEquals("m", data.model());
        assertEquals(5, data.queries().length);
        assertEquals(15, data.vectors().length);
        assertEquals(1, Math.hypot(data.vectors()[0][0], data.vectors()[0][1]), 1e-6, "unit vectors");
        for (int q = 0; q < 5; q++) {
            // query q is row 4q+3 (support); its filter label is never its own when another exists
            assertEquals("retail", data.filterLabels()[q]);
        }
    }
}

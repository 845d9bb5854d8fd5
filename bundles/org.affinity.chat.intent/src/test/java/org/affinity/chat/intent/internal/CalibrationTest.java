package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    /** Labels drawn from softmax(logits / 2.5): the fitted temperature finds 2.5 again. */
    @Test
    void findsTheTemperatureTheLabelsWereDrawnWith() {
        Random random = new Random(3);
        List<float[]> logits = new ArrayList<>();
        int n = 20_000;
        int[] labels = new int[n];
        double truth = 2.5;
        for (int i = 0; i < n; i++) {
            float[] z = new float[5];
            for (int k = 0; k < z.length; k++) {
                z[k] = (float) (random.nextGaussian() * 4);
            }
            float[] p = z.clone();
            SoftmaxNet.softmax(p, p.length, truth);
            double u = random.nextDouble();
            int label = 0;
            for (double sum = p[0]; sum < u && label < p.length - 1; sum += p[++label]) {
                // draw the label from p
            }
            logits.add(z);
            labels[i] = label;
        }
        double fitted = Calibration.temperature(logits, labels);
        assertEquals(truth, fitted, 0.15);
        assertTrue(Calibration.loss(logits, labels, fitted) < Calibration.loss(logits, labels, 1));
    }

    @Test
    void withoutExamplesTheTemperatureIsOne() {
        assertEquals(1, Calibration.temperature(List.of(), new int[0]));
    }
}

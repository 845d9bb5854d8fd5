package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CapabilityHeaderTest {

    @Test
    void readsTypedAttributesOfSeveralClauses() {
        String header = "affinity.embedding.model;affinity.embedding.model=all-minilm-l6-v2;precision=fp32;"
                + "onnx=\"models/a.onnx\";source=\"g:a:1.0-beta\";dimension:Long=384;languages:List<String>=\"zh,en\";"
                + "uses:=\"x,y\",osgi.service;objectClass:List<String>=\"a.B\";ranking:Double=1.5;quote=\"say \\\"hi\\\"\"";
        List<CapabilityHeader.Capability> capabilities = CapabilityHeader.parse(header);
        assertEquals(2, capabilities.size());
        CapabilityHeader.Capability model = capabilities.get(0);
        assertEquals("affinity.embedding.model", model.namespace());
        assertEquals("all-minilm-l6-v2", model.attributes().get("affinity.embedding.model"));
        assertEquals("models/a.onnx", model.attributes().get("onnx"));
        assertEquals("g:a:1.0-beta", model.attributes().get("source"));
        assertEquals(384L, model.attributes().get("dimension"));
        assertEquals(List.of("zh", "en"), model.attributes().get("languages"));
        assertEquals(false, model.attributes().containsKey("uses"), "directives are dropped");
        CapabilityHeader.Capability service = capabilities.get(1);
        assertEquals(List.of("a.B"), service.attributes().get("objectClass"));
        assertEquals(1.5, service.attributes().get("ranking"));
        assertEquals("say \"hi\"", service.attributes().get("quote"));
    }

    @Test
    void theShippedModelBundlesDescribeTheirModels() throws Exception {
        List<ModelDescription> minilm = ModelBundleJar.models(Golden.MINILM_JAR);
        assertEquals(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q"), minilm.stream().map(ModelDescription::id).toList());
        ModelDescription q = minilm.get(1);
        assertEquals(384, q.dimension());
        assertEquals(Pooling.MEAN, q.pooling());
        assertEquals(256, q.maxTokens());
        assertEquals("int8", q.precision());
        assertEquals(List.of("en"), q.languages());
        assertEquals("Apache-2.0", q.license());
        List<ModelDescription> bge = ModelBundleJar.models(Golden.BGE_JAR);
        assertEquals(List.of("bge-small-zh-v1.5", "bge-small-zh-v1.5-q"), bge.stream().map(ModelDescription::id).toList());
        ModelDescription b = bge.get(0);
        assertEquals(512, b.dimension());
        assertEquals(Pooling.CLS, b.pooling());
        assertEquals(true, b.lowercase());
        assertEquals(512, b.maxTokens());
        assertEquals(List.of("zh", "en"), b.languages());
        assertEquals("MIT", b.license());
    }
}

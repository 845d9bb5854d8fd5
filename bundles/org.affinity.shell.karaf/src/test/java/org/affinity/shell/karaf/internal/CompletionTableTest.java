package org.affinity.shell.karaf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

class CompletionTableTest {

    private final List<String> models = new ArrayList<>(List.of("all-minilm-l6-v2-q", "all-minilm-l6-v2"));
    private final List<String> strategies = new ArrayList<>(List.of("popularity", "cf"));
    private final CompletionTable table = new CompletionTable(new CompletionTable.Sources(() -> models,
            () -> List.of("import-2", "import-1"), () -> strategies, () -> List.of("champions", "at-risk")));

    @Test
    void modelOffersItsActionsThenTheInstalledModelsAfterUse() {
        assertEquals(List.of("list", "use", "collections", "reembed"), table.candidates("model", List.of()));
        assertEquals(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q"), table.candidates("model", List.of("use")));
        assertEquals(List.of(), table.candidates("model", List.of("list")));
        assertEquals(List.of(), table.candidates("model", List.of("use", "all-minilm-l6-v2")));
    }

    @Test
    void valuesAreReadAtEachTabSoAnInstalledModelOrStrategyShowsUpAtOnce() {
        models.add("bge-small-zh-v1.5-q");
        strategies.add("hybrid");
        assertEquals(3, table.candidates("model", List.of("use")).size());
        assertEquals(List.of("cf", "hybrid", "popularity"), table.candidates("strategies", List.of("use")));
    }

    @Test
    void jobsOfferWatchAndCancelThenJobIds() {
        assertEquals(List.of("watch", "cancel"), table.candidates("jobs", List.of()));
        assertEquals(List.of("import-1", "import-2"), table.candidates("jobs", List.of("watch")));
    }

    @Test
    void strategyAndSegmentOptionsCompleteTheirValuesAnywhere() {
        assertEquals(List.of("cf", "popularity"), table.candidates("recommend", List.of("--strategy")));
        assertEquals(List.of("cf", "popularity"), table.candidates("recommend", List.of("17850", "-s")));
        assertEquals(List.of(), table.candidates("recommend", List.of("-s", "cf")));
        assertEquals(List.of("cf", "popularity"), table.candidates("recommend", List.of("17850", "10")));
        assertEquals(List.of("list", "use", "route", "ab", "fallback"), table.candidates("strategy", List.of()));
        assertEquals(List.of("anonymous", "item", "clear", "segment:at-risk", "segment:champions"),
                table.candidates("strategy", List.of("route")));
        assertEquals(List.of("cf", "popularity"), table.candidates("strategy", List.of("route", "segment:champions")));
        assertEquals(List.of("at-risk", "champions"), table.candidates("segments", List.of("show")));
    }

    @Test
    void importCompletesPresetsAndAbsentServicesOfferNothing() {
        assertEquals(CompletionTable.IMPORT_PRESETS, table.candidates("import", List.of("--preset")));
        CompletionTable empty = new CompletionTable(new CompletionTable.Sources(List::of, List::of, List::of,
                () -> (Collection<String>) null));
        assertEquals(List.of(), empty.candidates("model", List.of("use")));
        assertEquals(List.of(), empty.candidates("segments", List.of()));
    }
}

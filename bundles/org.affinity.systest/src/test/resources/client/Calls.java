package org.affinity.client.check;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.affinity.client.ApiClient;
import org.affinity.client.ApiException;
import org.affinity.client.api.DataApi;
import org.affinity.client.api.MembersApi;
import org.affinity.client.api.PlatformApi;
import org.affinity.client.model.Event;
import org.affinity.client.model.EventIn;
import org.affinity.client.model.IngestResult;
import org.affinity.client.model.ItemIn;
import org.affinity.client.model.PostEventsRequest;

/**
 * What an integrator writes against the client openapi-generator made from /api/openapi.json:
 * compiled with the generated sources by GeneratedClientTest, which checks the lines it returns.
 */
public class Calls implements BiFunction<String, String, List<String>> {

    @Override
    public List<String> apply(String baseUri, String key) {
        List<String> seen = new ArrayList<>();
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        try {
            seen.add("health " + new PlatformApi(client).getHealth().getStatus());
            DataApi data = new DataApi(client);
            data.putItem("gc-item", new ItemIn().title("Generated Client Mug").price(new BigDecimal("4.50"))
                    .categories(List.of("Kitchen")));
            IngestResult ingested = data.postEvents(new PostEventsRequest(new EventIn().id("gc-e1")
                    .type(EventIn.TypeEnum.PURCHASE).member("gc-member").item("gc-item").quantity(2)
                    .price(new BigDecimal("4.50")).time(OffsetDateTime.parse("2011-11-01T10:00:00Z"))));
            seen.add("ingested " + ingested.getAccepted());
            MembersApi members = new MembersApi(client);
            for (Event event : members.getMemberEvents("gc-member").getEvents()) {
                seen.add("event " + event.getId() + " " + event.getType() + " " + event.getItem() + " x" + event.getQuantity());
            }
            seen.add("member " + members.getMember("gc-member").getId());
            seen.add("store members " + data.getStoreCounts().getMembers());
            try {
                members.getMember("gc-nobody");
                seen.add("no error for a missing member");
            } catch (ApiException e) {
                seen.add("missing " + e.getCode() + " " + e.getResponseHeaders().firstValue("content-type").orElse(""));
            }
            members.eraseMember("gc-member");
            seen.add("erased");
        } catch (ApiException e) {
            seen.add("failed " + e.getCode() + ": " + e.getResponseBody());
        }
        return seen;
    }
}

package org.affinity.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.marketing.AudienceMember;
import org.affinity.api.marketing.AudiencePreview;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.CampaignReport;
import org.affinity.api.marketing.CampaignRun;
import org.affinity.api.marketing.Campaigns;
import org.affinity.api.marketing.Comparison;
import org.affinity.api.marketing.GroupResult;
import org.affinity.api.marketing.SimulationReport;
import org.affinity.api.marketing.SimulationRequest;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * affinity:campaign - list, create, preview, send, report, simulate and cancel campaigns. Definitions and
 * simulation requests are JSON (as POST /api/campaigns takes them), inline or in a file.
 */
@Component(service = CampaignCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=campaign"})
public class CampaignCommands {

    @SuppressWarnings("deprecation")
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Campaigns campaigns;

    @Activate
    public CampaignCommands(@Reference Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Descriptor("list every campaign: state, channel, audience, last run")
    public void campaign() {
        PrintStream out = System.out;
        for (Campaign c : campaigns.list()) {
            CampaignRun last = c.lastRun();
            out.printf("%-24s %-9s %-7s %-10s %s%n", c.id(), c.state(), c.channel(), c.audience().kind(),
                    last == null ? "not sent" : String.format("run %d: %,d sent, %,d holdout, %,d capped, %,d failed, %,d deferred%s",
                            last.number(), last.sent(), last.holdout(), last.capped(), last.failed(), last.deferred(),
                            c.nextRun() == null ? "" : "; next " + c.nextRun()));
        }
    }

    @Descriptor("campaign list: every campaign")
    public void campaign(@Descriptor("list") String action) {
        if (!action.equals("list")) {
            throw new IllegalArgumentException("unknown action '" + action + "': list, or show, preview, send, start, report, "
                    + "cancel, create or simulate with an argument");
        }
        campaign();
    }

    @Descriptor("campaign list | show <id> | preview <id> | send <id> (watched) | start <id> (in the background) "
            + "| report <id> | cancel <id> | create <json|file> | simulate <json|file>")
    public void campaign(@Descriptor("list, show, preview, send, start, report, cancel, create or simulate") String action,
            @Descriptor("a campaign id, or JSON (inline or a file) for create and simulate") String argument)
            throws Exception {
        run(action, argument, 20);
    }

    @Descriptor("campaign preview <id> <n>: the first n members with why; campaign simulate <yyyy-mm-dd> <campaign id>: "
            + "the campaign's targeting decided on that day")
    public void campaign(@Descriptor("preview or simulate") String action, @Descriptor("campaign id or date") String first,
            @Descriptor("how many members, or the campaign id") String second) throws Exception {
        if (action.equals("preview")) {
            print(campaigns.preview(first, 0, Integer.parseInt(second)));
        } else if (action.equals("simulate")) {
            simulate(new SimulationRequest(day(first), null, second, null, null, null, null));
        } else {
            throw new IllegalArgumentException("unknown action '" + action + "': preview <id> <n> or simulate <date> <campaign>");
        }
    }

    private void run(String action, String argument, int previewSize) throws Exception {
        PrintStream out = System.out;
        switch (action) {
            case "show" -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(find(argument)));
            case "preview" -> print(campaigns.preview(argument, 0, previewSize));
            case "create" -> {
                Campaign created = campaigns.create(JSON.readValue(json(argument), Campaign.class));
                out.printf("created %s (%s)%s%n", created.id(), created.state(),
                        created.nextRun() == null ? "" : ", next send " + created.nextRun());
            }
            case "send", "start" -> {
                find(argument);
                Job job = campaigns.send(argument);
                if (action.equals("start")) {
                    out.println("started " + job.id() + ": watch it with affinity:jobs watch " + job.id());
                    return;
                }
                JobStatus status = JobsCommand.watch(job, out, false);
                if (status.result() instanceof CampaignRun run) {
                    out.printf("run %d %s: %,d matched, %,d without consent, %,d global control, %,d holdout, %,d treated: "
                            + "%,d sent, %,d capped, %,d deferred, %,d failed%s%n", run.number(), run.state(), run.matched(),
                            run.withoutConsent(), run.globalControl(), run.holdout(), run.treated(), run.sent(), run.capped(),
                            run.deferred(), run.failed(), run.message() == null ? "" : " - " + run.message());
                }
            }
            case "report" -> print(campaigns.report(argument)
                    .orElseThrow(() -> new IllegalArgumentException("no campaign '" + argument + "'")));
            case "cancel" -> out.println(campaigns.cancel(argument) ? "cancelled " + argument : "no campaign '" + argument + "'");
            case "simulate" -> simulate(JSON.readValue(json(argument), SimulationRequest.class));
            default -> throw new IllegalArgumentException("unknown action '" + action
                    + "': list, show, preview, send, start, report, cancel, create or simulate");
        }
    }

    private Campaign find(String id) {
        return campaigns.get(id).orElseThrow(() -> new IllegalArgumentException("no campaign '" + id + "'"));
    }

    /** Inline JSON, or the content of a file. */
    private static String json(String argument) throws IOException {
        String trimmed = argument.trim();
        if (trimmed.startsWith("{")) {
            return trimmed;
        }
        Path file = Path.of(trimmed);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("'" + argument + "' is neither JSON nor a file");
        }
        return Files.readString(file);
    }

    private static Instant day(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (yyyy-MM-dd) or an instant");
        }
    }

    private void simulate(SimulationRequest request) throws InterruptedException {
        PrintStream out = System.out;
        JobStatus status = JobsCommand.watch(campaigns.simulate(request), out, false);
        if (status.state() != JobState.SUCCEEDED || !(status.result() instanceof SimulationReport report)) {
            return;
        }
        out.printf("%s, decided at %s, goal until %s (model %s)%n", report.targeting(), report.at(), report.goalEnd(),
                report.model());
        out.printf("eligible %,d, converters %,d (base rate %.4f)%n", report.eligible(), report.converters(), report.baseRate());
        out.printf("%-9s %8s %10s %9s %7s%n", "", "members", "converters", "precision", "recall");
        for (var row : new Object[][] {{"targeted", report.targeted()}, {"random", report.random()}}) {
            SimulationReport.TargetingResult r = (SimulationReport.TargetingResult) row[1];
            out.printf("%-9s %,8d %,10d %9.4f %7.4f%n", row[0], r.members(), r.converters(), r.precision(), r.recall());
        }
        out.printf("lift %s (95%% %s), Qini %.3f; A/A (%d runs): lift 2.5%%-97.5%% %.3f-%.3f, false positives %.1f%%%n",
                report.liftRatio() == null ? "-" : String.format("%.3f", report.liftRatio()),
                report.liftInterval() == null ? "-" : String.format("%.3f-%.3f", report.liftInterval().lower(),
                        report.liftInterval().upper()), report.qini(), report.aa().runs(), report.aa().liftP025(),
                report.aa().liftP975(), 100 * report.aa().falsePositiveRate());
        report.notes().forEach(note -> out.println("  " + note));
    }

    private static void print(AudiencePreview preview) {
        PrintStream out = System.out;
        out.printf("%,d matched, %,d without consent, %,d in the global control group, %,d holdout, %,d treated%s%n",
                preview.matched(), preview.withoutConsent(), preview.globalControl(), preview.holdout(), preview.treated(),
                preview.model() == null ? "" : " (vectors of " + preview.model() + ")");
        for (AudienceMember m : preview.members()) {
            out.printf("  %-12s %-8s %-8s %s%n", m.memberId(), m.group(), m.variant() == null ? "" : m.variant(),
                    String.join("; ", m.reasons()));
        }
    }

    private static void print(CampaignReport report) {
        PrintStream out = System.out;
        out.println(report.verdict());
        out.printf("%-20s %8s %11s %9s %19s %12s%n", "group", "members", "conversions", "rate", "95% interval", "revenue/mbr");
        for (GroupResult g : report.groups()) {
            out.printf("%-20s %,8d %,11d %9.4f %9.4f-%9.4f %12.2f%n", g.group(), g.members(), g.conversions(),
                    g.conversionRate(), g.conversionInterval().lower(), g.conversionInterval().upper(), g.revenuePerMember());
        }
        for (Comparison c : report.comparisons()) {
            out.printf("%s vs %s: %+.4f (95%% %+.4f to %+.4f), relative %s, z %.2f, p %.4f, revenue/member %+.2f%s%n",
                    c.group(), c.against(), c.absoluteUplift(), c.absoluteInterval().lower(), c.absoluteInterval().upper(),
                    c.relativeUplift() == null ? "-" : String.format("%+.1f%%", 100 * c.relativeUplift()), c.z(), c.pValue(),
                    c.revenuePerMemberDifference(), c.revenueInterval() == null ? ""
                            : String.format(" (95%% %+.2f to %+.2f)", c.revenueInterval().lower(), c.revenueInterval().upper()));
        }
        report.notes().forEach(note -> out.println("  " + note));
    }
}

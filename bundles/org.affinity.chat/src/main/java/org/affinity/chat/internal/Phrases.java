package org.affinity.chat.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What chat says, in English and Chinese: every reply is assembled from these, so a shop that wants
 * other wording (or a third language) changes one class. Money in pounds and dates in the shop's
 * time zone, written the way each language writes them.
 */
final class Phrases {

    private static final ZoneId SHOP_ZONE = ZoneId.of("Europe/London");
    private static final DateTimeFormatter ENGLISH_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日", Locale.CHINA);

    private static final Map<String, String[]> TEXT = Map.ofEntries(
            entry("greeting", "Hello%s! How can I help you today? You can ask about your orders, returns, delivery, "
                    + "payments or your account, or ask me for gift ideas.",
                    "您好%s！有什么可以帮您？您可以问我订单、退货、配送、付款或账户的问题，也可以让我推荐礼物。"),
            entry("thanks", "You're welcome%s! Is there anything else I can do for you?", "不客气%s！还有什么可以帮您的吗？"),
            entry("sign_in", "I can look that up once you are signed in: please sign in to your account and ask me again.",
                    "请先登录您的账户，登录后我就可以为您查询。"),
            entry("no_orders", "I can't find any orders on your account yet.", "您的账户里还没有订单记录。"),
            entry("latest_order", "Your latest order is %s, placed on %s: %s. Total %s.", "您最近的订单是 %s，下单日期 %s：%s。合计 %s。"),
            entry("this_order", "Order %s, placed on %s: %s. Total %s.", "订单 %s，下单日期 %s：%s。合计 %s。"),
            entry("order_more", "(and %d more line%s)", "（另有 %d 项%s）"),
            entry("which_order", "Which order do you mean? Your most recent ones are: %s. You can give the number, the month "
                    + "(\"the one from November\") or an item in it.",
                    "请问是哪一个订单？您最近的订单有：%s。您可以告诉我订单号、月份（例如“十一月的那个”）或其中的商品。"),
            entry("which_order_again", "Sorry, I couldn't match that to one of your orders. Your most recent ones are: %s.",
                    "抱歉，我没能找到对应的订单。您最近的订单有：%s。"),
            entry("returns", "Returns on your account: %s.", "您账户上的退货记录：%s。"),
            entry("no_returns", "I can't find any returns on your account.", "您的账户上没有退货记录。"),
            entry("order_returns", "Returns recorded for order %s: %s.", "订单 %s 的退货记录：%s。"),
            entry("order_no_returns", "No returns are recorded for order %s yet.", "订单 %s 暂无退货记录。"),
            entry("cannot_change", "I can't change or cancel orders myself. Would you like me to pass this to a colleague "
                    + "who can? (yes / no)", "我无法直接修改或取消订单。需要我为您转接人工客服吗？（是 / 否）"),
            entry("offer_person", "I'm sorry about this. Would you like me to pass it to a colleague? (yes / no)",
                    "非常抱歉给您带来不便。需要我为您转接人工客服吗？（是 / 否）"),
            entry("points", "You are a %s member with %s points.", "您是%s会员，积分为 %s。"),
            entry("tier_only", "You are a %s member.", "您是%s会员。"),
            entry("points_only", "You have %s points.", "您的积分为 %s。"),
            entry("no_points", "I can't find loyalty points or a membership tier on your account.", "您的账户上没有积分或会员等级记录。"),
            entry("recommend", "Here are some ideas for you%s:", "为您推荐%s："),
            entry("recommend_none", "I couldn't find items%s right now.", "暂时没有找到%s的商品。"),
            entry("under", " under %s", "%s以下"),
            entry("between", " between %s and %s", "%s到%s之间"),
            entry("over", " over %s", "%s以上"),
            entry("article", "%s", "%s"),
            entry("see", "See \"%s\".", "参见《%s》。"),
            entry("not_sure", "I'm not sure I understood. Could you say it another way? You can also ask for a person.",
                    "抱歉，我没有理解您的意思。能换个说法吗？您也可以要求转人工客服。"),
            entry("handoff", "I'm passing you to a colleague now. They will see this conversation, so you won't need to "
                    + "repeat yourself.", "正在为您转接人工客服。客服会看到我们的对话记录，您无需重复说明。"),
            entry("handoff_waiting", "A colleague will be with you shortly; your message has been added to the conversation.",
                    "人工客服马上就来，您的消息已加入对话记录。"),
            entry("closed", "This conversation has ended. Please start a new one if you need anything else.",
                    "本次对话已结束。如需帮助，请开始新的对话。"),
            entry("declined", "All right. Is there anything else I can help with?", "好的。还有什么可以帮您的吗？"),
            entry("no_answer", "I don't have an answer for that in our help pages.", "我们的帮助文章里暂时没有这个问题的答案。"),
            entry("unavailable", "Sorry, I can't look that up right now. Please try again in a moment.",
                    "抱歉，暂时无法查询，请稍后再试。"));

    private Phrases() {
    }

    private static Map.Entry<String, String[]> entry(String key, String english, String chinese) {
        return Map.entry(key, new String[] { english, chinese });
    }

    /** The phrase in the language ("zh" or anything else for English), filled with {@code args}. */
    static String say(String language, String key, Object... args) {
        String[] phrase = TEXT.get(key);
        if (phrase == null) {
            throw new IllegalArgumentException("no phrase '" + key + "'");
        }
        return String.format(Locale.ROOT, Language.CHINESE.equals(language) ? phrase[1] : phrase[0], args);
    }

    static String money(BigDecimal amount) {
        NumberFormat pounds = NumberFormat.getCurrencyInstance(Locale.UK);
        return pounds.format(amount.setScale(2, RoundingMode.HALF_UP));
    }

    static String date(String language, Instant instant) {
        return (Language.CHINESE.equals(language) ? CHINESE_DATE : ENGLISH_DATE).format(instant.atZone(SHOP_ZONE));
    }

    /** "3 x Paper Chain Kit (£2.95), 12 x Jumbo Bag Red (£1.65)" with at most {@code shown} lines. */
    static String lines(String language, Order order, int shown) {
        StringBuilder text = new StringBuilder();
        List<Order.Line> lines = order.lines();
        for (int i = 0; i < Math.min(shown, lines.size()); i++) {
            Order.Line line = lines.get(i);
            text.append(i == 0 ? "" : Language.CHINESE.equals(language) ? "，" : ", ").append(line.quantity()).append(" x ")
                    .append(line.title());
            if (line.price() != null) {
                text.append(" (").append(money(line.price())).append(')');
            }
        }
        int more = lines.size() - shown;
        if (more > 0) {
            text.append(' ').append(say(language, "order_more", more, Language.CHINESE.equals(language) ? "" : more == 1 ? "" : "s"));
        }
        return text.toString();
    }

    /** "581217 (9 December 2011, £123.45)" for each order, joined. */
    static String summaries(String language, List<Order> orders) {
        StringBuilder text = new StringBuilder();
        for (Order order : orders) {
            text.append(text.length() == 0 ? "" : Language.CHINESE.equals(language) ? "；" : "; ").append(order.id())
                    .append(" (").append(date(language, order.placed())).append(", ").append(money(order.total())).append(')');
        }
        return text.toString();
    }
}

package org.affinity.chat.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The price range a message asks for: "under 20 pounds", "below £15", "between £5 and £10",
 * "over 50", "around £20", "20英镑以下", "不超过20镑", "10到20镑". Numbers without a price word
 * ("2 gifts") are not prices.
 *
 * @param min lowest price, or null
 * @param max highest price, or null
 */
record PriceAsk(BigDecimal min, BigDecimal max) {

    static final PriceAsk NONE = new PriceAsk(null, null);

    private static final String NUMBER = "(\\d+(?:[.,]\\d{1,2})?)";
    private static final String POUNDS = "(?:\\s*(?:pounds?|quid|gbp|£|英镑|镑|元|块))";
    private static final Pattern BETWEEN = Pattern.compile("(?:between\\s*)?£?\\s*" + NUMBER + POUNDS + "?\\s*(?:and|to|-|–|到|至)\\s*£?\\s*"
            + NUMBER + POUNDS + "?");
    private static final Pattern UNDER = Pattern.compile("(?:under|below|less than|cheaper than|up to|no more than|not more than|"
            + "at most|max(?:imum)?|within|<|低于|不超过|少于|不到|最多)\\s*£?\\s*" + NUMBER);
    private static final Pattern OVER = Pattern.compile("(?:over|above|more than|at least|from|>|高于|(?<!不)超过|多于|至少)\\s*£?\\s*" + NUMBER);
    private static final Pattern AROUND = Pattern.compile("(?:around|about|roughly|approximately|大约|左右)\\s*£?\\s*" + NUMBER);
    private static final Pattern CHINESE_UNDER = Pattern.compile(NUMBER + POUNDS + "?\\s*(?:以下|以内|之内)");
    private static final Pattern CHINESE_OVER = Pattern.compile(NUMBER + POUNDS + "?\\s*(?:以上)");
    private static final Pattern CHINESE_AROUND = Pattern.compile(NUMBER + POUNDS + "?\\s*(?:左右)");
    private static final Pattern PLAIN_PRICE = Pattern.compile("£\\s*" + NUMBER + "|" + NUMBER + POUNDS);

    boolean any() {
        return min != null || max != null;
    }

    static PriceAsk of(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        Matcher m = BETWEEN.matcher(text);
        while (m.find()) {
            // "between" or a currency word makes a range; "2 to 3 days" is not one
            if (m.group().contains("between") || m.group().matches(".*(£|pound|quid|gbp|镑|元|块).*")) {
                BigDecimal a = number(m.group(1));
                BigDecimal b = number(m.group(2));
                return new PriceAsk(a.min(b), a.max(b));
            }
        }
        if ((m = AROUND.matcher(text)).find() || (m = CHINESE_AROUND.matcher(text)).find()) {
            BigDecimal around = number(m.group(1));
            return new PriceAsk(around.multiply(new BigDecimal("0.75")).setScale(2, RoundingMode.HALF_UP),
                    around.multiply(new BigDecimal("1.25")).setScale(2, RoundingMode.HALF_UP));
        }
        BigDecimal max = null;
        BigDecimal min = null;
        if ((m = UNDER.matcher(text)).find() || (m = CHINESE_UNDER.matcher(text)).find()) {
            max = number(m.group(1));
        }
        if ((m = OVER.matcher(text)).find() || (m = CHINESE_OVER.matcher(text)).find()) {
            min = number(m.group(1));
        }
        if (min == null && max == null && (m = PLAIN_PRICE.matcher(text)).find()) {
            max = number(m.group(1) != null ? m.group(1) : m.group(2));
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            return new PriceAsk(max, min);
        }
        return new PriceAsk(min, max);
    }

    private static BigDecimal number(String text) {
        return new BigDecimal(text.replace(',', '.'));
    }
}

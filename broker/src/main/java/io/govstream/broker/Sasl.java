package io.govstream.broker;

/** JAAS lines for the two SASL mechanisms the broker uses. */
final class Sasl {

    static final String SCRAM = "SCRAM-SHA-512";
    static final String PLAIN = "PLAIN";

    private Sasl() {
    }

    static String scramLogin(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + username + "\" password=\"" + password + "\";";
    }

    /** Client and server side of PLAIN in one line: the controller authenticates to itself in combined mode. */
    static String plainLoginAndUser(String username, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + username + "\" password=\"" + password + "\" user_" + username + "=\"" + password + "\";";
    }
}

package io.trailguard.replay;

/** Sends one event through a deployed function and says whether it succeeded (redrive's last step). */
public interface FunctionInvoker {

    /** What became of the invocation: {@code error} null when the function handled the event. */
    record Invocation(String error) {

        static Invocation succeeded() {
            return new Invocation(null);
        }

        public boolean ok() {
            return error == null;
        }
    }

    Invocation invoke(String function, String event);
}

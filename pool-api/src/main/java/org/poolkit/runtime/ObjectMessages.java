package org.poolkit.runtime;

/**
 * Commands and replies passed as objects, for links inside one JVM: no copy beyond the contract's (each worker
 * still decodes its own copy of pushed values and functions, which commands carry as bytes).
 */
final class ObjectMessages implements Format<Object> {

    static final ObjectMessages INSTANCE = new ObjectMessages();

    private ObjectMessages() {
    }

    @Override
    public Object command(Command command) {
        return command;
    }

    @Override
    public Reply reply(int slot, Object message) {
        return (Reply) message;
    }

    @Override
    public Object handle(WorkerRuntime worker, Object message) {
        return worker.handle((Command) message);
    }

    @Override
    public Object failure(WorkerRuntime worker, Object message, Throwable error) {
        Command command = (Command) message;
        long callId = Command.answeredCall(command);
        return callId < 0 ? null : new Reply.Failed(callId, Command.firstIndex(command), -1, ErrorInfo.of(error));
    }

    @Override
    public Object[] array(int length) {
        return new Object[length];
    }
}

package org.poolkit.runtime;

/**
 * The one place where commands and replies become a link's messages and back, on both sides of a link: the
 * caller encodes commands and decodes replies, a worker decodes commands, runs them and encodes the reply.
 * {@link Frames} is the byte form for links between threads or processes; {@link ObjectMessages} passes the objects
 * themselves, for links inside one JVM. (Frame validation and authentication, once for all links, belong here.)
 *
 * @param <M> the link's message type
 */
interface Format<M> {

    /**
     * Encodes a command on the caller.
     *
     * @param command the command
     * @return the message
     */
    M command(Command command);

    /**
     * Decodes a reply on the caller. A reply that cannot be decoded becomes a {@link Reply.Failed} that says why,
     * so that the waiting call fails instead of timing out.
     *
     * @param slot    the slot it came from, for the message
     * @param message the message
     * @return the reply
     */
    Reply reply(int slot, M message);

    /**
     * Runs a command message on a worker and encodes the reply. Never throws, except a fatal
     * {@link VirtualMachineError} (see {@link WorkerLoop}): whatever fails is answered with a {@link Reply.Failed}.
     *
     * @param worker  the worker's runtime
     * @param message the command message
     * @return the reply message, or {@code null} for commands that are not answered
     */
    M handle(WorkerRuntime worker, M message);

    /**
     * Makes the reply that reports a failure outside the command's own handling (its reply could not be handed to
     * the link, say), so that the waiting call fails instead of timing out. Never throws: if the error cannot be
     * described, a plainer message is sent.
     *
     * @param worker  the worker's runtime
     * @param message the command message whose reply could not go out
     * @param error   what was thrown
     * @return the reply message, or {@code null} when the command is not answered anyway
     */
    M failure(WorkerRuntime worker, M message, Throwable error);

    /**
     * Makes an array of messages, for scatters.
     *
     * @param length its length
     * @return the array
     */
    M[] array(int length);
}

package org.poolkit.runtime;

import java.util.concurrent.atomic.AtomicLong;

import org.poolkit.spi.Link;

/**
 * The runtime's side of a {@link Link}: the one adapter that turns commands into the link's messages with the
 * pool's one {@link Format} and codec, and what the link reports into events. Replies go to {@link Calls} by call
 * id; losses and replacements go to {@link Membership}, which owns them.
 *
 * <p>Thread-safe.
 *
 * @param <M> the link's message type
 */
final class Channel<M> implements Link.Receiver<M> {

    private final Link<M> link;
    private final Format<M> format;
    private final Calls calls;
    private final AtomicLong commands = new AtomicLong();
    private volatile Membership membership;

    Channel(Link<M> link, Format<M> format, Calls calls) {
        this.link = link;
        this.format = format;
        this.calls = calls;
    }

    void attach(Membership owner) {
        this.membership = owner;
    }

    Link<M> link() {
        return link;
    }

    /** Sends a command to one slot. */
    void send(int slot, Command command) {
        commands.incrementAndGet();
        link.send(slot, format.command(command));
    }

    /** Sends the same command to several slots, encoded once. */
    void broadcast(int[] slots, Command command) {
        commands.addAndGet(slots.length);
        link.broadcast(slots, format.command(command));
    }

    /** Sends {@code commands[i]} to {@code slots[i]}, in one collective operation where the link has one. */
    void scatter(int[] slots, Command[] perSlot) {
        M[] messages = format.array(slots.length);
        for (int i = 0; i < slots.length; i++) {
            messages[i] = format.command(perSlot[i]);
        }
        commands.addAndGet(slots.length);
        link.scatter(slots, messages);
    }

    /** The number of commands sent so far, for {@link org.poolkit.api.PoolStats}. */
    long commands() {
        return commands.get();
    }

    @Override
    public void received(int slot, M message) {
        calls.route(slot, format.reply(slot, message));
    }

    @Override
    public void lost(int slot, String reason) {
        membership.lost(slot, reason);
    }

    @Override
    public void joined(int slot) {
        membership.joined(slot);
    }
}

package dev.secondbrain.tools.mail;

/**
 * One message of a mail source as {@link MailReader} read it: a {@link MailMessage}, or a {@link MailFailure} saying
 * why it could not be read. Every message found is one or the other, so the two always add up to what the source
 * holds.
 */
public sealed interface Mail permits MailMessage, MailFailure {

    /** Where the message is: its file relative to the path read, with {@code #n} (from 1) for the n-th of an mbox. */
    String where();
}

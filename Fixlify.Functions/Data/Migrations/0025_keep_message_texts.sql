-- Whether an execution's log keeps the texts of the messages it sent (an email's text, an SMS's text), so the office
-- reads on the execution what went out. On by default; an organization that must not keep message bodies (a health or
-- legal practice) turns it off, and its steps then record only the masked recipient, the subject and the provider's id.
ALTER TABLE organizations ADD COLUMN keep_message_texts boolean NOT NULL DEFAULT true;

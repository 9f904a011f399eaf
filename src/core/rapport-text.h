/* rapport-text.h
 *
 * The one check every text passes on its way into the store, wherever it
 * comes from (a form, rapportctl, a CSV file, a server): valid UTF-8, no
 * NUL byte, and no longer than its kind of field allows. The limits:
 *
 *   RAPPORT_TEXT_SHORT  names, titles, labels, places, subjects:
 *                       at most 300 characters
 *   RAPPORT_TEXT_CODE   identifiers and codes (UIDs, emails, phones,
 *                       keys, dates, zones, rules): at most 300
 *                       characters, never cut
 *   RAPPORT_TEXT_LONG   notes, bodies, descriptions, comments:
 *                       at most 1 MiB (1,048,576 bytes)
 *
 * The store refuses a text over its limit; an import or a sync, which
 * must not lose the record, cuts SHORT and LONG fields at the limit on a
 * character boundary (rapport_*_fit_text) and says which fields it cut.
 *
 * Messages that quote a value the user or a file gave go through
 * rapport_text_for_message(): invalid bytes as \xNN, at most 64
 * characters and the size of the whole.
 */
#pragma once

#include "rapport-customer.h"
#include "rapport-records.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_TEXT_SHORT,
  RAPPORT_TEXT_CODE,
  RAPPORT_TEXT_LONG,
} RapportTextKind;

#define RAPPORT_TEXT_SHORT_MAX_CHARS 300
#define RAPPORT_TEXT_LONG_MAX_BYTES  (1024 * 1024)
#define RAPPORT_TEXT_MESSAGE_CHARS   64

/* Valid UTF-8 without NUL (@length -1: up to the NUL); the error
 * (RAPPORT_ERROR_INVALID) names @field. */
gboolean   rapport_text_validate       (const char      *text,
                                        gssize           length,
                                        const char      *field,
                                        GError         **error);
/* rapport_text_validate() and the limit of @kind. NULL passes. */
gboolean   rapport_text_check          (const char      *text,
                                        gssize           length,
                                        RapportTextKind  kind,
                                        const char      *field,
                                        GError         **error);
/* The number of bytes of valid @text that fit the limit of @kind, ending
 * on a character boundary. */
gsize      rapport_text_fit_length     (const char      *text,
                                        RapportTextKind  kind);
/* Cuts *@text (valid UTF-8; SHORT or LONG) to the limit of @kind.
 * Returns what was done for a report ("notes: cut to 1.0 MiB (it had
 * 2.0 MiB)", naming @field), NULL when it fits. */
char      *rapport_text_fit            (char           **text,
                                        RapportTextKind  kind,
                                        const char      *field);
/* Whether @cut is what the store keeps of @full (valid UTF-8) once cut
 * at the limit of @kind and trimmed: @full is over the limit and @cut is
 * its beginning. */
gboolean   rapport_text_is_cut_of      (const char      *cut,
                                        const char      *full,
                                        RapportTextKind  kind);
/* @text (any bytes, @length -1: up to the NUL) for a message: invalid
 * bytes and control characters as \xNN, and when longer than
 * RAPPORT_TEXT_MESSAGE_CHARS characters its beginning, "…" and the size
 * of the whole ("… (10.0 MB)"). */
char      *rapport_text_for_message    (const char      *text,
                                        gssize           length);
/* A whole message made safe to print: invalid bytes as \xNN, and every
 * quoted value (“…”) longer than twice RAPPORT_TEXT_MESSAGE_CHARS
 * characters shortened as above (so that one shortened already stays
 * as it is). */
char      *rapport_text_sanitize_message (const char    *message);

/* Every text field of a record, checked as the store checks it: the
 * first failure, naming the field. */
gboolean   rapport_customer_check_text       (const RapportCustomer      *customer,
                                              GError                    **error);
gboolean   rapport_customer_type_check_text  (const RapportCustomerType  *type,
                                              GError                    **error);
gboolean   rapport_interaction_check_text    (const RapportInteraction   *interaction,
                                              GError                    **error);
gboolean   rapport_follow_up_check_text      (const RapportFollowUp      *follow_up,
                                              GError                    **error);
gboolean   rapport_contract_check_text       (const RapportContract      *contract,
                                              GError                    **error);
gboolean   rapport_notice_check_text         (const RapportNotice        *notice,
                                              GError                    **error);
gboolean   rapport_case_check_text           (const RapportCase          *kase,
                                              GError                    **error);
gboolean   rapport_feedback_check_text       (const RapportFeedback      *feedback,
                                              GError                    **error);
gboolean   rapport_service_target_check_text (const RapportServiceTarget *target,
                                              GError                    **error);

/* Cuts every SHORT and LONG field over its limit (valid UTF-8 assumed;
 * invalid text is left for the store to refuse). Returns the translated
 * names of the fields cut, with how ("notes (cut to 1.0 MiB)"), or NULL
 * when nothing was cut. */
GPtrArray *rapport_customer_fit_text         (RapportCustomer            *customer);
GPtrArray *rapport_interaction_fit_text      (RapportInteraction         *interaction);
GPtrArray *rapport_follow_up_fit_text        (RapportFollowUp            *follow_up);
GPtrArray *rapport_contract_fit_text         (RapportContract            *contract);
GPtrArray *rapport_notice_fit_text           (RapportNotice              *notice);

G_END_DECLS

/* rapport-store.h
 *
 * The whole CRM in one SQLite file. Every write validates its input and
 * either commits whole or leaves the file as it was, with a GError in
 * RAPPORT_ERROR that names the record and the field. After each commit the
 * store emits ::changed so that views update themselves.
 *
 * A RapportStore belongs to the thread that opened it. Bulk work (import)
 * runs on a worker thread with a connection of its own through the
 * _async/_finish pairs.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-customer.h"
#include "rapport-records.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_STORE (rapport_store_get_type ())

G_DECLARE_FINAL_TYPE (RapportStore, rapport_store, RAPPORT, STORE, GObject)

typedef enum
{
  RAPPORT_ENTITY_CUSTOMER,
  RAPPORT_ENTITY_INTERACTION,
  RAPPORT_ENTITY_FOLLOW_UP,
  RAPPORT_ENTITY_CONTRACT,
  RAPPORT_ENTITY_NOTICE,
  RAPPORT_ENTITY_CASE,
  RAPPORT_ENTITY_FEEDBACK,
  RAPPORT_ENTITY_CUSTOMER_TYPE,
  RAPPORT_ENTITY_SERVICE_TARGET,
  RAPPORT_ENTITY_SETTING,
  RAPPORT_ENTITY_ALL,          /* bulk change: reload everything */
} RapportEntity;

typedef enum
{
  RAPPORT_CHANGE_ADDED,
  RAPPORT_CHANGE_MODIFIED,
  RAPPORT_CHANGE_REMOVED,
} RapportChange;

typedef enum
{
  RAPPORT_SORT_NAME,
  RAPPORT_SORT_LAST_CONTACT,     /* most recent first */
  RAPPORT_SORT_NEXT_FOLLOW_UP,   /* soonest first, none last */
} RapportCustomerSort;

typedef struct
{
  const char          *type_key;  /* NULL: any; stored or derived */
  const char          *search;    /* NULL/empty: no text filter */
  RapportCustomerSort  sort;
  RapportCustomerKind  kind;
  gboolean             kind_set;  /* filter by @kind */
  guint                offset;
  guint                limit;     /* 0: no limit */
} RapportCustomerQuery;

typedef enum
{
  RAPPORT_DUE_OVERDUE,   /* effective due before now */
  RAPPORT_DUE_TODAY,     /* from now to the end of today (user zone) */
  RAPPORT_DUE_UPCOMING,  /* after today */
} RapportDueRange;

/* A column and the number of rows it matters in: in the report's
 * unmapped, rows with data no customer field takes (not imported); in
 * its kept, rows with a value Rapport would refuse if the user typed it
 * (a country name where a code is expected), imported as it is. */
typedef struct
{
  char    *column;    /* as the header writes it */
  guint    rows;
} RapportImportColumnCount;

typedef struct
{
  guint      imported;   /* rows taken: created + updated + unchanged */
  guint      skipped;
  guint      created;
  guint      updated;    /* matched an existing customer and changed it */
  guint      unchanged;  /* matched one and had nothing new */
  GPtrArray *problems;   /* char*, "line N: field: reason" */
  GPtrArray *unmapped;   /* RapportImportColumnCount, in header order */
  GPtrArray *kept;       /* RapportImportColumnCount, in header order */
  const char *preset;    /* static: "Google Contacts", "Outlook", "Thunderbird" or NULL */
} RapportImportReport;

typedef enum
{
  RAPPORT_IMPORT_DEFAULT      = 0,
  RAPPORT_IMPORT_SKIP_INVALID = 1 << 0,
} RapportImportFlags;

typedef struct
{
  RapportImportFlags  flags;
  /* NULL: UTF-8, or UTF-16 (byte order mark, or ASCII first); else the
   * name of the file's encoding ("SHIFT_JIS", "WINDOWS-1252"). */
  const char         *encoding;
  /* NULL-terminated "COLUMN=FIELD" (see rapport_import_field_names). */
  const char *const  *map;
} RapportImportOptions;

#define RAPPORT_SCHEMA_VERSION 8

/* Open or create; applies migrations. @path NULL: the default database in
 * $XDG_DATA_HOME/rapport/rapport.db. */
RapportStore        *rapport_store_open                (const char            *path,
                                                        GError               **error);
const char          *rapport_store_get_path            (RapportStore          *self);
char                *rapport_store_dup_default_path    (void);
int                  rapport_store_get_schema_version  (RapportStore          *self);
gboolean             rapport_store_check_integrity     (RapportStore          *self,
                                                        GError               **error);

/* Settings that belong to the data: "business-name", "owner-name",
 * "default-lead-days", "default-language". */
char                *rapport_store_dup_setting         (RapportStore          *self,
                                                        const char            *key);
gboolean             rapport_store_set_setting         (RapportStore          *self,
                                                        const char            *key,
                                                        const char            *value,
                                                        GError               **error);

/* The business's notice period for new contracts: the "default-lead-days"
 * setting, else 30. */
int                  rapport_store_get_default_lead_days (RapportStore    *self);

/* Customers. add/update validate and fill id, uid, created, modified. */
gboolean             rapport_store_add_customer        (RapportStore          *self,
                                                        RapportCustomer       *customer,
                                                        GError               **error);
gboolean             rapport_store_update_customer     (RapportStore          *self,
                                                        RapportCustomer       *customer,
                                                        GError               **error);
/* The same for a customer received from outside (sync): a phone number
 * the user would be refused is kept as it came. */
gboolean             rapport_store_add_received_customer (RapportStore        *self,
                                                          RapportCustomer     *customer,
                                                          GError             **error);
gboolean             rapport_store_update_received_customer (RapportStore     *self,
                                                             RapportCustomer  *customer,
                                                             GError          **error);
/* Moves to the trash (tombstone); restore undoes it. */
gboolean             rapport_store_delete_customer     (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
gboolean             rapport_store_restore_customer    (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
/* Erases the customer and all their records for good (GDPR erasure). */
gboolean             rapport_store_purge_customer      (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
RapportCustomer     *rapport_store_get_customer        (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
/* What a list row shows: the customer's own fields, organization name,
 * types and derived types, last contact and next follow-up; emails,
 * phones and addresses are left empty. Cheaper than get_customer. */
RapportCustomer     *rapport_store_get_customer_summary (RapportStore     *self,
                                                        gint64                 id,
                                                        GError               **error);
/* @ref: a numeric id, a UID or an email address. */
RapportCustomer     *rapport_store_find_customer       (RapportStore          *self,
                                                        const char            *ref,
                                                        GError               **error);
/* Full records (emails, phones, types...) in query order. */
GPtrArray           *rapport_store_list_customers      (RapportStore          *self,
                                                        const RapportCustomerQuery *query,
                                                        GError               **error);
/* Ids only, in query order: what a paging list model needs. */
GArray              *rapport_store_list_customer_ids   (RapportStore          *self,
                                                        const RapportCustomerQuery *query,
                                                        GError               **error);
/* Customers not in the trash. */
guint                rapport_store_count_customers     (RapportStore          *self,
                                                        GError               **error);
/* The people of an organization. */
GPtrArray           *rapport_store_list_members        (RapportStore          *self,
                                                        gint64                 organization_id,
                                                        GError               **error);

/* Customer types. A key is lower-case ASCII letters, digits and
 * hyphens, at most 40 bytes. */
gboolean             rapport_customer_type_key_is_valid (const char           *key);
/* The key a type named @name gets: @name itself when it is a valid key,
 * else a slug of it ("Trade Fair" -> "trade-fair"); the same name always
 * gives the same key, so a vCard category finds its type again. */
char                *rapport_customer_type_key_for_name (const char           *name);
GPtrArray           *rapport_store_list_customer_types (RapportStore          *self,
                                                        GError               **error);
gboolean             rapport_store_add_customer_type   (RapportStore          *self,
                                                        RapportCustomerType   *type,
                                                        GError               **error);
gboolean             rapport_store_delete_customer_type(RapportStore          *self,
                                                        const char            *key,
                                                        GError               **error);

/* Contact history. */
gboolean             rapport_store_add_interaction     (RapportStore          *self,
                                                        RapportInteraction    *interaction,
                                                        GError               **error);
gboolean             rapport_store_update_interaction  (RapportStore          *self,
                                                        RapportInteraction    *interaction,
                                                        GError               **error);
gboolean             rapport_store_delete_interaction  (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
RapportInteraction  *rapport_store_get_interaction     (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
/* Newest first; @limit 0: all. */
GPtrArray           *rapport_store_list_interactions   (RapportStore          *self,
                                                        gint64                 customer_id,
                                                        guint                  limit,
                                                        GError               **error);

/* Follow-ups. */
gboolean             rapport_store_add_follow_up       (RapportStore          *self,
                                                        RapportFollowUp       *follow_up,
                                                        GError               **error);
gboolean             rapport_store_update_follow_up    (RapportStore          *self,
                                                        RapportFollowUp       *follow_up,
                                                        GError               **error);
gboolean             rapport_store_delete_follow_up    (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
RapportFollowUp     *rapport_store_get_follow_up       (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
/* Marks it done at @now. For a recurring follow-up the next occurrence
 * (computed in its own time zone) is created and returned in @next. */
gboolean             rapport_store_complete_follow_up  (RapportStore          *self,
                                                        gint64                 id,
                                                        GDateTime             *now,
                                                        RapportFollowUp      **next,
                                                        GError               **error);
gboolean             rapport_store_snooze_follow_up    (RapportStore          *self,
                                                        gint64                 id,
                                                        gint64                 until,
                                                        GError               **error);
/* Open follow-ups in @range relative to @now, "today" meaning @now's
 * day in @now's time zone; soonest first; at most @limit (0: all). */
GPtrArray           *rapport_store_list_due            (RapportStore          *self,
                                                        RapportDueRange        range,
                                                        GDateTime             *now,
                                                        guint                  limit,
                                                        GError               **error);
guint                rapport_store_count_due           (RapportStore          *self,
                                                        RapportDueRange        range,
                                                        GDateTime             *now,
                                                        GError               **error);
/* @customer_id 0: the follow-ups that belong to no customer yet. */
GPtrArray           *rapport_store_list_follow_ups     (RapportStore          *self,
                                                        gint64                 customer_id,
                                                        gboolean               open_only,
                                                        GError               **error);
/* Follow-ups that belong to no customer yet (customer_id 0: tasks made
 * in another app that name none), open ones, soonest first; at most
 * @limit (0: all). The due lists above leave them out. */
GPtrArray           *rapport_store_list_unassigned     (RapportStore          *self,
                                                        guint                  limit,
                                                        GError               **error);
guint                rapport_store_count_unassigned    (RapportStore          *self,
                                                        GError               **error);
/* Gives a follow-up (of no customer yet, or another's) to @customer_id. */
gboolean             rapport_store_assign_follow_up    (RapportStore          *self,
                                                        gint64                 id,
                                                        gint64                 customer_id,
                                                        GError               **error);

/* Contracts and renewal notices. */
gboolean             rapport_store_add_contract        (RapportStore          *self,
                                                        RapportContract       *contract,
                                                        GError               **error);
gboolean             rapport_store_update_contract     (RapportStore          *self,
                                                        RapportContract       *contract,
                                                        GError               **error);
gboolean             rapport_store_delete_contract     (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
RapportContract     *rapport_store_get_contract        (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
GPtrArray           *rapport_store_list_contracts      (RapportStore          *self,
                                                        gint64                 customer_id,
                                                        GError               **error);
/* Active (or renewal-due) contracts whose notice date (end minus lead
 * days) is on or before @today (YYYY-MM-DD), soonest end first. */
GPtrArray           *rapport_store_list_renewals_due   (RapportStore          *self,
                                                        const char            *today,
                                                        GError               **error);
gboolean             rapport_store_add_notice          (RapportStore          *self,
                                                        RapportNotice         *notice,
                                                        GError               **error);
gboolean             rapport_store_update_notice       (RapportStore          *self,
                                                        RapportNotice         *notice,
                                                        GError               **error);
GPtrArray           *rapport_store_list_notices        (RapportStore          *self,
                                                        gint64                 contract_id,
                                                        GError               **error);
gboolean             rapport_store_delete_notice       (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
/* The UID of the notice of contract @contract_uid for @due_date: a
 * name-based UUID (RFC 4122 version 5) of both, so that two databases
 * preparing the same notice give it the same UID, and a sync makes one
 * of the two. */
char                *rapport_notice_uid_for            (const char            *contract_uid,
                                                        const char            *due_date);

/* Cases, feedback and service targets. */
gboolean             rapport_store_add_case            (RapportStore          *self,
                                                        RapportCase           *kase,
                                                        GError               **error);
gboolean             rapport_store_update_case         (RapportStore          *self,
                                                        RapportCase           *kase,
                                                        GError               **error);
gboolean             rapport_store_delete_case         (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
RapportCase         *rapport_store_get_case            (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
/* @customer_id 0: all; @open_only: not resolved or closed. */
GPtrArray           *rapport_store_list_cases          (RapportStore          *self,
                                                        gint64                 customer_id,
                                                        gboolean               open_only,
                                                        GError               **error);
gboolean             rapport_store_add_feedback        (RapportStore          *self,
                                                        RapportFeedback       *feedback,
                                                        GError               **error);
gboolean             rapport_store_delete_feedback     (RapportStore          *self,
                                                        gint64                 id,
                                                        GError               **error);
GPtrArray           *rapport_store_list_feedback       (RapportStore          *self,
                                                        gint64                 customer_id,
                                                        GError               **error);
gboolean             rapport_store_set_service_target  (RapportStore          *self,
                                                        RapportServiceTarget  *target,
                                                        GError               **error);
gboolean             rapport_store_delete_service_target (RapportStore        *self,
                                                        gint64                 id,
                                                        GError               **error);
GPtrArray           *rapport_store_list_service_targets (RapportStore         *self,
                                                        GError               **error);

/* CSV import: a header row names the columns. All or nothing unless
 * RAPPORT_IMPORT_SKIP_INVALID. */
gboolean             rapport_store_import_csv          (RapportStore          *self,
                                                        const char            *data,
                                                        gsize                  length,
                                                        RapportImportFlags     flags,
                                                        RapportImportReport  **report,
                                                        GError               **error);
/* The same, reading @stream as it goes (only a row at a time is kept in
 * memory). */
gboolean             rapport_store_import_csv_stream   (RapportStore          *self,
                                                        GInputStream          *stream,
                                                        RapportImportFlags     flags,
                                                        GCancellable          *cancellable,
                                                        RapportImportReport  **report,
                                                        GError               **error);
/* The same from a file, read as a stream; a file that changes while it is
 * read (cut short, grown, rewritten) fails with G_IO_ERROR_WRONG_ETAG and
 * imports nothing. */
gboolean             rapport_store_import_csv_file     (RapportStore          *self,
                                                        GFile                 *file,
                                                        RapportImportFlags     flags,
                                                        GCancellable          *cancellable,
                                                        RapportImportReport  **report,
                                                        GError               **error);
/* The same with an encoding and column mapping. Rows match existing
 * customers by email (case folded) or phone, else by name when they have
 * neither: a match is updated with what differs, or left unchanged. */
gboolean             rapport_store_import_csv_stream_full (RapportStore       *self,
                                                        GInputStream          *stream,
                                                        const RapportImportOptions *options,
                                                        GCancellable          *cancellable,
                                                        RapportImportReport  **report,
                                                        GError               **error);
gboolean             rapport_store_import_csv_file_full (RapportStore         *self,
                                                        GFile                 *file,
                                                        const RapportImportOptions *options,
                                                        GCancellable          *cancellable,
                                                        RapportImportReport  **report,
                                                        GError               **error);
/* rapport_store_import_csv_file on a worker thread with its own connection. */
void                 rapport_store_import_csv_async    (RapportStore          *self,
                                                        GFile                 *file,
                                                        RapportImportFlags     flags,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
RapportImportReport *rapport_store_import_csv_finish   (RapportStore          *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
RapportImportReport *rapport_import_report_new         (void);
void                 rapport_import_report_free        (RapportImportReport   *report);

/* The vCard a customer came from (an import), kept whole so that export
 * writes back what Rapport does not map. NULL @card forgets it. */
gboolean             rapport_store_set_customer_card   (RapportStore          *self,
                                                        gint64                 customer_id,
                                                        const char            *card,
                                                        GError               **error);
/* NULL with no error when the customer has none. */
char                *rapport_store_dup_customer_card   (RapportStore          *self,
                                                        gint64                 customer_id,
                                                        GError               **error);
/* The organization named @name (case and accents aside), made when there
 * is none, as received from outside: its id, or -1 with @error set. */
gint64               rapport_store_ensure_organization (RapportStore          *self,
                                                        const char            *name,
                                                        GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportImportReport, rapport_import_report_free)

G_END_DECLS

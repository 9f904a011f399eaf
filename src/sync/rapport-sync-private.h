/* rapport-sync-private.h
 *
 * What the sync engine (rapport-sync.c) shares with its kinds of record:
 * customers (rapport-sync-customers.c), follow-ups and renewal notices
 * (rapport-sync-tasks.c) and the history (rapport-sync-history.c).
 */
#pragma once

#include "rapport-dav.h"
#include "rapport-store.h"
#include "rapport-sync.h"

G_BEGIN_DECLS

typedef struct _Kind Kind;

typedef struct
{
  gint64                id;
  char                 *url;
  char                 *purpose;
  char                 *sync_token;
  char                 *ctag;
  gint64                scanned_at;   /* 0: never */
  const Kind           *kind;         /* what the collection holds */
  const Kind           *extra_kind;   /* and a second kind beside it (notices among the tasks) */
  RapportDavCollection *remote;       /* PROPFIND answer of this run */
  gint64                scan_dirty;   /* dirty items after the first scan */
  gboolean              unchanged;    /* ctag as stored, nothing dirty: skipped */
} Collection;

typedef struct
{
  gint64    id;                       /* 0: not stored yet */
  char     *local_uid;
  char     *href;
  char     *etag;
  char     *remote_hash;
  char     *remote_copy;
  char     *local_hash;
  char     *local_copy;
  gboolean  dirty;
  gboolean  local_deleted;
  char     *quarantine;
  const Kind *kind;                   /* sync_item.kind */
} Item;

typedef struct
{
  RapportStore      *db;              /* our own connection */
  RapportDavClient  *client;
  GCancellable      *cancellable;
  RapportSyncReport *report;
  GHashTable        *type_keys;       /* known customer type keys */
} Sync;

/* A record as read from a resource (or from our own rendering), with the
 * UID of the record it points to: a person's organization, a
 * follow-up's customer. */
typedef struct
{
  const Kind *kind;
  gpointer    record;
  char       *ref_uid;
} Parsed;

/* What the engine needs to know of one kind of record. */
struct _Kind
{
  const char         *key;            /* sync_item.kind */
  const char         *extension;      /* of new resources */
  const char         *content_type;
  guint               n_fields;
  const char * const *field_names;
  /* Reads @text into @out (record and ref_uid); the record has its UID. */
  gboolean          (*parse)         (Sync *s, const char *text, Parsed *out, GError **error);
  const char *      (*get_uid)       (gpointer record);
  gpointer          (*copy)          (gpointer record);
  void              (*free)          (gpointer record);
  /* A new, empty record to merge the server's copy @remote into. */
  gpointer          (*create)        (const Parsed *remote);
  /* The local record with @uid: its id or 0; *trashed when in the trash. */
  gint64            (*find)          (Sync *s, const char *uid, gboolean *trashed);
  gpointer          (*load)          (Sync *s, gint64 id, GError **error);
  /* Our own rendering, nothing of a server's copy in it. */
  char *            (*render_local)  (Sync *s, gpointer record, GError **error);
  /* What to PUT: @record over the server's @remote_copy (may be NULL). */
  char *            (*render_remote) (Sync *s, Collection *c, gpointer record, const char *remote_copy,
                                      GError **error);
  char *            (*field_text)    (const Parsed *p, guint field);
  void              (*field_take)    (Sync *s, Parsed *dst, const Parsed *src, guint field);
  /* Adds (@id 0), restores (@trashed) or updates @merged. */
  gboolean          (*write)         (Sync *s, Parsed *merged, gint64 id, gboolean trashed, GError **error);
  gboolean          (*remove)        (Sync *s, gint64 id, GError **error);
  char *            (*hash)          (const char *text);
  /* A resource of this collection that is not ours to read (another kind
   * of task): FALSE to leave it alone. */
  gboolean          (*accepts)       (const char *text);
  /* Applied before the others of its batch (organizations before people). */
  gboolean          (*first)         (const char *text);
  const char         *modified_sql;   /* ids of records modified since ?1 (0: all) */
  const char         *tombstone_sql;  /* marks the items of collection ?1 whose record is gone */
};

void         rapport_sync_parsed_clear       (Parsed       *p);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, rapport_sync_parsed_clear)

/* The UID of customer @id, NULL for 0 or none. */
char        *rapport_sync_uid_of_customer    (Sync         *s,
                                              gint64        id);
/* The id of the customer with @uid not in the trash (of @kind unless
 * @kind < 0), 0 when none. */
gint64       rapport_sync_customer_id_by_uid (Sync         *s,
                                              const char   *uid,
                                              int           kind);
/* Replaces *@dst with a copy of @src. */
void         rapport_sync_take_string        (char        **dst,
                                              const char   *src);
/* Counts the fields of record @uid that were cut to the store's limits. */
void         rapport_sync_note_cuts          (Sync         *s,
                                              const char   *uid,
                                              GPtrArray    *cuts);

extern const Kind rapport_sync_customer_kind;
extern const Kind rapport_sync_follow_up_kind;
extern const Kind rapport_sync_notice_kind;
extern const Kind rapport_sync_interaction_kind;

G_END_DECLS

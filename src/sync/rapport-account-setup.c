/* rapport-account-setup.c
 *
 * The setup of an account: it discovers the server's homes, picks the
 * collections Rapport uses (or the ones the user names) and creates the
 * missing ones, then stores the account and its password together
 * (rapport-account.c keeps the records and the passwords).
 */

#define G_LOG_DOMAIN "rapport-account"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-account.h"
#include "rapport-account-private.h"
#include "rapport-error.h"
#include "rapport-store-private.h"

/* Setup */

static gboolean
same_url (const char *a,
          const char *b)
{
  gsize la, lb;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  while (la > 0 && a[la - 1] == '/')
    la--;
  while (lb > 0 && b[lb - 1] == '/')
    lb--;

  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

static const RapportDavCollection *
find_listed (GPtrArray  *collections,
             const char *url)
{
  for (guint i = 0; i < collections->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (collections, i);

      if (same_url (collection->url, url))
        return collection;
    }

  return NULL;
}

/* The last segment of the URLs setup gives the collections it makes,
 * by purpose: "<slug>/", or "<slug>-<8 hex digits>/" where that was
 * taken (create_collection). */
static const char * const purpose_slugs[] = { "rapport-customers", "rapport-follow-ups", "rapport-history" };

/* Whether setup made @collection for @purpose, on this computer or
 * another: told by the URL Rapport chose for it. Its display name would
 * not do (it is translated, and other apps rename it), nor would a
 * property of its own (not every server keeps properties it does not
 * know, and the URL is there on every server that lets Rapport make
 * collections). */
static gboolean
made_for_purpose (const RapportDavCollection *collection,
                  RapportAccountPurpose       purpose)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *segment;
  const char *slug;
  gsize length;

  if (collection->kind != (purpose == RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS ? RAPPORT_DAV_COLLECTION_ADDRESSBOOK
                                                                         : RAPPORT_DAV_COLLECTION_CALENDAR))
    return FALSE;

  uri = g_uri_parse (collection->url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return FALSE;
  path = g_strdup (g_uri_get_path (uri));
  length = strlen (path);
  while (length > 0 && path[length - 1] == '/')
    path[--length] = '\0';
  segment = strrchr (path, '/');
  segment = segment != NULL ? segment + 1 : path;

  slug = purpose_slugs[purpose];
  if (!g_str_has_prefix (segment, slug))
    return FALSE;
  segment += strlen (slug);
  if (*segment == '\0')
    return TRUE;
  if (*segment++ != '-' || strlen (segment) != 8)
    return FALSE;
  for (; *segment != '\0'; segment++)
    if (!g_ascii_isxdigit (*segment))
      return FALSE;

  return TRUE;
}

/* Whether setup made @collection for any purpose; *@purpose says which. */
static gboolean
made_by_rapport (const RapportDavCollection *collection,
                 RapportAccountPurpose      *purpose)
{
  for (guint i = 0; i < G_N_ELEMENTS (purpose_slugs); i++)
    if (made_for_purpose (collection, (RapportAccountPurpose) i))
      {
        *purpose = (RapportAccountPurpose) i;
        return TRUE;
      }

  return FALSE;
}

static gboolean
takes_tasks (const RapportDavCollection *collection)
{
  return collection->kind == RAPPORT_DAV_COLLECTION_CALENDAR &&
         (collection->components & RAPPORT_DAV_COMPONENT_VTODO) != 0;
}

/* A calendar meant for journals alone: the kind Rapport makes for the
 * history. A calendar that also takes events or tasks is somebody's
 * calendar and is not taken for the history unless the user says so. */
static gboolean
is_journal_calendar (const RapportDavCollection *collection)
{
  return collection->kind == RAPPORT_DAV_COLLECTION_CALENDAR &&
         collection->components == RAPPORT_DAV_COMPONENT_VJOURNAL;
}

static GPtrArray *
collection_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_collection_free);
}

/* The candidate to use for @purpose: the only one, else the only one
 * setup made for it (a setup that failed half-way and could not undo
 * what it made, or another computer's). NULL with *@several FALSE when
 * there is none (make one), TRUE when the user must choose. */
static const RapportDavCollection *
pick_candidate (GPtrArray             *candidates,
                RapportAccountPurpose  purpose,
                gboolean              *several)
{
  const RapportDavCollection *ours = NULL;
  guint n_ours = 0;

  *several = FALSE;
  if (candidates->len == 0)
    return NULL;
  if (candidates->len == 1)
    return g_ptr_array_index (candidates, 0);

  for (guint i = 0; i < candidates->len; i++)
    if (made_for_purpose (g_ptr_array_index (candidates, i), purpose))
      {
        ours = g_ptr_array_index (candidates, i);
        n_ours++;
      }
  if (n_ours == 1)
    return ours;

  *several = TRUE;
  return NULL;
}

static char *
describe_candidates (const char *what,
                     GPtrArray  *candidates)
{
  g_autoptr(GString) text = g_string_new (what);

  for (guint i = 0; i < candidates->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (candidates, i);

      if (collection->name != NULL && *collection->name != '\0')
        g_string_append_printf (text, "\n  %s (%s)", collection->url, collection->name);
      else
        g_string_append_printf (text, "\n  %s", collection->url);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The collection given by the user: listed, or asked for on its own. */
static RapportDavCollection *
given_collection (RapportDavClient  *client,
                  GPtrArray         *listed,
                  const char        *url,
                  GCancellable      *cancellable,
                  GError           **error)
{
  const RapportDavCollection *found = find_listed (listed, url);

  if (found != NULL)
    return rapport_dav_collection_copy (found);

  return rapport_dav_client_get_collection_sync (client, url, cancellable, error);
}

/* A free URL in @home for a new collection named after @slug. */
static RapportDavCollection *
create_collection (RapportDavClient         *client,
                   GPtrArray                *listed,
                   const char               *home,
                   const char               *slug,
                   RapportDavCollectionKind  kind,
                   const char               *display_name,
                   RapportDavComponents      components,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autofree char *base = g_str_has_suffix (home, "/") ? g_strdup (home) : g_strconcat (home, "/", NULL);

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autofree char *url = NULL;
      g_autoptr(GError) local_error = NULL;
      RapportDavCollection *created;

      if (attempt == 0)
        url = g_strconcat (base, slug, "/", NULL);
      else
        {
          g_autofree char *uuid = g_uuid_string_random ();

          uuid[8] = '\0';
          url = g_strconcat (base, slug, "-", uuid, "/", NULL);
        }

      if (find_listed (listed, url) != NULL)
        continue;

      created = rapport_dav_client_create_collection_sync (client, url, kind, display_name,
                                                           components, cancellable, &local_error);
      if (created != NULL)
        {
          if (created->name == NULL)
            created->name = g_strdup (display_name);
          return created;
        }

      if (!g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CONFLICT))
        {
          /* What failed, then the server's answer; the code stays. */
          if (kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
            /* Translators: the address book's name, its URL, then why it failed (a sentence) */
            g_set_error (error, local_error->domain, local_error->code,
                         _("Rapport could not create the address book “%s” at %s: %s"),
                         display_name, url, local_error->message);
          else
            /* Translators: the calendar's name, its URL, then why it failed (a sentence) */
            g_set_error (error, local_error->domain, local_error->code,
                         _("Rapport could not create the calendar “%s” at %s: %s"),
                         display_name, url, local_error->message);
          return NULL;
        }
    }

  g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CONFLICT,
               _("No free address for a new collection was found in %s."), base);
  return NULL;
}

/* Removes again, newest first, the collections this setup made before
 * it failed with @error, so that the server is as it was; says in
 * @error which could not be removed (the next setup recognises those
 * as Rapport's and takes them, made_for_purpose()). */
static void
undo_created (RapportDavClient *client,
              GPtrArray        *created,
              GCancellable     *cancellable,
              GError           *error)
{
  for (guint i = created->len; i > 0; i--)
    {
      const RapportDavCollection *collection = g_ptr_array_index (created, i - 1);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *undo = NULL;
      g_autofree char *message = NULL;

      if (rapport_dav_client_delete_sync (client, collection->url, NULL, cancellable, &local_error))
        {
          g_debug ("Removed %s again after a failed setup", collection->url);
          continue;
        }

      if (collection->kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
        /* Translators: the address book's name, its URL, then why removing it failed (a sentence) */
        undo = g_strdup_printf (_("The address book “%s” that Rapport had just made at %s is still on the server "
                                  "and will be used the next time the account is added. Removing it failed: %s"),
                                collection->name, collection->url, local_error->message);
      else
        /* Translators: the calendar's name, its URL, then why removing it failed (a sentence) */
        undo = g_strdup_printf (_("The calendar “%s” that Rapport had just made at %s is still on the server "
                                  "and will be used the next time the account is added. Removing it failed: %s"),
                                collection->name, collection->url, local_error->message);
      message = g_strjoin ("\n", error->message, undo, NULL);
      g_free (error->message);
      error->message = g_steal_pointer (&message);
    }
}

static gboolean
account_exists (RapportStore  *store,
                const char    *url,
                const char    *username,
                GError       **error)
{
  g_autoptr(GPtrArray) accounts = rapport_account_list (store, error);

  if (accounts == NULL)
    return TRUE;

  for (guint i = 0; i < accounts->len; i++)
    {
      const RapportAccount *account = g_ptr_array_index (accounts, i);

      if (same_url (account->url, url) && g_strcmp0 (account->username, username) == 0)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                       _("There is already an account for %s at %s (id %" G_GINT64_FORMAT ")."),
                       username, url, account->id);
          return TRUE;
        }
    }

  return FALSE;
}

static char *
complete_url (const char *url)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url));

  if (strstr (trimmed, "://") == NULL)
    return g_strconcat ("https://", trimmed, NULL);

  return g_steal_pointer (&trimmed);
}

/* Every address book and calendar in the homes, each listed once. */
static GPtrArray *
list_all (RapportDavClient     *client,
          RapportDavDiscovery  *discovery,
          GCancellable         *cancellable,
          GError              **error)
{
  g_autoptr(GPtrArray) all = collection_array_new ();
  g_autoptr(GPtrArray) homes = g_ptr_array_new ();

  for (guint i = 0; discovery->addressbook_homes[i] != NULL; i++)
    g_ptr_array_add (homes, discovery->addressbook_homes[i]);
  for (guint i = 0; discovery->calendar_homes[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < homes->len; j++)
        seen |= same_url (g_ptr_array_index (homes, j), discovery->calendar_homes[i]);
      if (!seen)
        g_ptr_array_add (homes, discovery->calendar_homes[i]);
    }

  for (guint i = 0; i < homes->len; i++)
    {
      g_autoptr(GPtrArray) listed = NULL;

      listed = rapport_dav_client_list_collections_sync (client, g_ptr_array_index (homes, i),
                                                         cancellable, error);
      if (listed == NULL)
        return NULL;

      for (guint j = 0; j < listed->len; j++)
        {
          RapportDavCollection *collection = g_ptr_array_index (listed, j);

          if (find_listed (all, collection->url) == NULL)
            g_ptr_array_add (all, rapport_dav_collection_copy (collection));
        }
    }

  return g_steal_pointer (&all);
}

typedef struct
{
  RapportDavCollection *book;
  RapportDavCollection *tasks;
  RapportDavCollection *history;
  gboolean              create_book;
  gboolean              create_tasks;
  gboolean              create_history;
} Picked;

static void
picked_clear (Picked *picked)
{
  g_clear_pointer (&picked->book, rapport_dav_collection_free);
  g_clear_pointer (&picked->tasks, rapport_dav_collection_free);
  g_clear_pointer (&picked->history, rapport_dav_collection_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picked, picked_clear)

/* Makes on the server what @picked says to make, adding each to @created. */
static gboolean
create_picked (RapportDavClient     *client,
               RapportDavDiscovery  *discovery,
               GPtrArray            *listed,
               Picked               *picked,
               GPtrArray            *created,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (picked->create_book)
    {
      picked->book = create_collection (client, listed, discovery->addressbook_homes[0],
                                        purpose_slugs[RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS],
                                        RAPPORT_DAV_COLLECTION_ADDRESSBOOK, _("Rapport customers"), 0,
                                        cancellable, error);
      if (picked->book == NULL)
        return FALSE;
      g_ptr_array_add (created, rapport_dav_collection_copy (picked->book));
    }
  if (picked->create_tasks)
    {
      picked->tasks = create_collection (client, listed, discovery->calendar_homes[0],
                                         purpose_slugs[RAPPORT_ACCOUNT_PURPOSE_TASKS],
                                         RAPPORT_DAV_COLLECTION_CALENDAR, _("Rapport follow-ups"),
                                         RAPPORT_DAV_COMPONENT_VTODO, cancellable, error);
      if (picked->tasks == NULL)
        return FALSE;
      g_ptr_array_add (created, rapport_dav_collection_copy (picked->tasks));
    }
  if (picked->create_history)
    {
      picked->history = create_collection (client, listed, discovery->calendar_homes[0],
                                           purpose_slugs[RAPPORT_ACCOUNT_PURPOSE_HISTORY],
                                           RAPPORT_DAV_COLLECTION_CALENDAR, _("Rapport history"),
                                           RAPPORT_DAV_COMPONENT_VJOURNAL, cancellable, &local_error);
      if (picked->history != NULL)
        g_ptr_array_add (created, rapport_dav_collection_copy (picked->history));
      /* A server that makes no journal calendar: the history goes to the
       * tasks calendar as completed tasks (DESIGN.md, Sync). */
      else if (local_error->domain == RAPPORT_DAV_ERROR &&
               (local_error->code == RAPPORT_DAV_ERROR_UNSUPPORTED ||
                local_error->code == RAPPORT_DAV_ERROR_FORBIDDEN ||
                local_error->code == RAPPORT_DAV_ERROR_REJECTED))
        {
          g_debug ("No journal calendar: %s; the history goes to the tasks calendar", local_error->message);
          picked->history = rapport_dav_collection_copy (picked->tasks);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/* The account for @picked, its rows and its password stored together:
 * the password inside the transaction, and the rows roll back when it
 * cannot be stored. */
static RapportAccount *
store_account (RapportStore               *store,
               const RapportAccountSetup  *setup,
               const char                 *url,
               RapportDavClient           *client,
               const Picked               *picked,
               GCancellable               *cancellable,
               GError                    **error)
{
  g_autoptr(RapportAccount) account = rapport_account_new_empty ();
  g_autofree char *host = rapport_account_host_of (url);
  gboolean ok;

  account->uid = rapport_store_new_uid ();
  account->name = setup->name != NULL && *setup->name != '\0'
                    ? g_strdup (setup->name)
                    : g_strdup_printf ("%s@%s", setup->username, host);
  account->url = g_strdup (url);
  account->username = g_strdup (setup->username);
  account->certificate = rapport_dav_client_dup_trusted_fingerprint (client);
  account->created = rapport_store_now ();
  g_ptr_array_add (account->collections,
                   rapport_account_collection_new (RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS, picked->book->url, picked->book->name));
  g_ptr_array_add (account->collections,
                   rapport_account_collection_new (RAPPORT_ACCOUNT_PURPOSE_TASKS, picked->tasks->url, picked->tasks->name));
  g_ptr_array_add (account->collections,
                   rapport_account_collection_new (RAPPORT_ACCOUNT_PURPOSE_HISTORY, picked->history->url, picked->history->name));

  if (!rapport_account_check (account, error) || !rapport_store_begin (store, error))
    return NULL;
  ok = rapport_account_insert_rows (store, account, error) &&
       rapport_account_store_password_sync (account, setup->password, cancellable, error);
  if (!rapport_store_end (store, ok, ok ? error : NULL))
    {
      if (ok)
        rapport_account_clear_password_sync (account, NULL, NULL);
      return NULL;
    }

  return g_steal_pointer (&account);
}

RapportAccount *
rapport_account_setup_sync (RapportStore               *store,
                            const RapportAccountSetup  *setup,
                            RapportAccountChoices     **choices,
                            char                      **fingerprint,
                            GCancellable               *cancellable,
                            GError                    **error)
{
  g_autoptr(RapportDavClient) client = NULL;
  g_autoptr(RapportDavDiscovery) discovery = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) books = collection_array_new ();
  g_autoptr(GPtrArray) calendars = collection_array_new ();
  g_autoptr(GPtrArray) journals = collection_array_new ();
  g_autoptr(GPtrArray) ambiguous = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Picked) picked = { 0 };
  g_autoptr(GPtrArray) created = collection_array_new ();
  const RapportDavCollection *candidate;
  gboolean several;
  g_autofree char *url = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (setup != NULL, NULL);
  g_return_val_if_fail (choices == NULL || *choices == NULL, NULL);
  g_return_val_if_fail (fingerprint == NULL || *fingerprint == NULL, NULL);

  if (setup->url == NULL || strspn (setup->url, " \t\n") == strlen (setup->url))
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the server address is missing."));
      return NULL;
    }
  if (setup->username == NULL || *setup->username == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the user name is missing."));
      return NULL;
    }
  if (setup->password == NULL || *setup->password == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the password is missing."));
      return NULL;
    }

  url = complete_url (setup->url);
  if (account_exists (store, url, setup->username, error))
    return NULL;

  client = rapport_dav_client_new (setup->timeout);
  rapport_dav_client_set_origin (client, url);
  rapport_dav_client_set_credentials (client, setup->username, setup->password);
  if (setup->trusted_certificate != NULL && *setup->trusted_certificate != '\0' &&
      !rapport_dav_client_set_trusted_certificate (client, setup->trusted_certificate, error))
    return NULL;

  discovery = rapport_dav_client_discover_sync (client, url, cancellable, &local_error);
  if (discovery == NULL)
    {
      if (fingerprint != NULL &&
          g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS))
        *fingerprint = rapport_dav_client_dup_untrusted_fingerprint (client);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (discovery->addressbook_homes[0] == NULL)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                   _("The server at %s offers no address books (CardDAV), where Rapport keeps the customers."),
                   url);
      return NULL;
    }
  if (discovery->calendar_homes[0] == NULL)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                   _("The server at %s offers no calendars (CalDAV), where Rapport keeps the follow-ups."),
                   url);
      return NULL;
    }

  listed = list_all (client, discovery, cancellable, error);
  if (listed == NULL)
    return NULL;

  for (guint i = 0; i < listed->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (listed, i);
      RapportAccountPurpose made;

      /* One that setup made is a candidate for what it was made for
       * only, whatever else the server says it takes (Xandikos: every
       * calendar takes everything). */
      if (made_by_rapport (collection, &made))
        {
          if (made == RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)
            g_ptr_array_add (books, rapport_dav_collection_copy (collection));
          else if (made == RAPPORT_ACCOUNT_PURPOSE_TASKS && takes_tasks (collection))
            g_ptr_array_add (calendars, rapport_dav_collection_copy (collection));
          else if (made == RAPPORT_ACCOUNT_PURPOSE_HISTORY &&
                   (collection->components & RAPPORT_DAV_COMPONENT_VJOURNAL) != 0)
            g_ptr_array_add (journals, rapport_dav_collection_copy (collection));
          continue;
        }

      if (collection->kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
        g_ptr_array_add (books, rapport_dav_collection_copy (collection));
      else if (takes_tasks (collection))
        g_ptr_array_add (calendars, rapport_dav_collection_copy (collection));
      if (is_journal_calendar (collection))
        g_ptr_array_add (journals, rapport_dav_collection_copy (collection));
    }

  /* Address book. */
  if (setup->address_book_url != NULL && *setup->address_book_url != '\0')
    {
      picked.book = given_collection (client, listed, setup->address_book_url, cancellable, error);
      if (picked.book == NULL)
        return NULL;
      if (picked.book->kind != RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("address book: %s is not an address book."), setup->address_book_url);
          return NULL;
        }
    }
  else if ((candidate = pick_candidate (books, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS, &several)) != NULL)
    picked.book = rapport_dav_collection_copy (candidate);
  else if (!several)
    picked.create_book = TRUE;
  else
    g_ptr_array_add (ambiguous, describe_candidates (_("The account has several address books; choose one:"), books));

  /* Task calendar. */
  if (setup->tasks_url != NULL && *setup->tasks_url != '\0')
    {
      picked.tasks = given_collection (client, listed, setup->tasks_url, cancellable, error);
      if (picked.tasks == NULL)
        return NULL;
      if (!takes_tasks (picked.tasks))
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("calendar: %s is not a calendar that takes tasks."), setup->tasks_url);
          return NULL;
        }
    }
  else if ((candidate = pick_candidate (calendars, RAPPORT_ACCOUNT_PURPOSE_TASKS, &several)) != NULL)
    picked.tasks = rapport_dav_collection_copy (candidate);
  else if (!several)
    picked.create_tasks = TRUE;
  else
    g_ptr_array_add (ambiguous, describe_candidates (_("The account has several calendars that take tasks; choose one:"), calendars));

  /* History: a calendar for journals alone, else a new one. */
  if (setup->history_url != NULL && *setup->history_url != '\0')
    {
      picked.history = given_collection (client, listed, setup->history_url, cancellable, error);
      if (picked.history == NULL)
        return NULL;
      if (picked.history->kind != RAPPORT_DAV_COLLECTION_CALENDAR ||
          (picked.history->components & (RAPPORT_DAV_COMPONENT_VJOURNAL | RAPPORT_DAV_COMPONENT_VTODO)) == 0)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("history calendar: %s is not a calendar that takes journal entries or tasks."),
                       setup->history_url);
          return NULL;
        }
    }
  else if ((candidate = pick_candidate (journals, RAPPORT_ACCOUNT_PURPOSE_HISTORY, &several)) != NULL)
    picked.history = rapport_dav_collection_copy (candidate);
  else if (!several)
    picked.create_history = TRUE;
  else
    g_ptr_array_add (ambiguous, describe_candidates (_("The account has several journal calendars for the history; choose one:"), journals));

  if (ambiguous->len > 0)
    {
      g_autofree char *message = NULL;

      g_ptr_array_add (ambiguous, NULL);
      message = g_strjoinv ("\n", (char **) ambiguous->pdata);
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_AMBIGUOUS, message);

      if (choices != NULL)
        {
          *choices = g_new0 (RapportAccountChoices, 1);
          (*choices)->address_books = g_steal_pointer (&books);
          (*choices)->task_calendars = g_steal_pointer (&calendars);
          (*choices)->history_calendars = g_steal_pointer (&journals);
        }
      return NULL;
    }

  /* Nothing is made on the server before every choice is settled, and
   * what was made is removed again when the setup fails after all. */
  if (create_picked (client, discovery, listed, &picked, created, cancellable, &local_error))
    account = store_account (store, setup, url, client, &picked, cancellable, &local_error);
  if (account == NULL)
    {
      undo_created (client, created, cancellable, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&account);
}


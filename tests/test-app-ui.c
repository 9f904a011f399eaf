/* test-app-ui.c
 *
 * The real window under Xvfb on a fixture database: what a user does with
 * the keyboard or mouse, and what the store holds afterwards. Widgets are
 * found the way a screen reader finds them: by their accessible labels,
 * row titles and button labels, not by private pointers.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rapport-context.h"
#include "rapport-customer-list-model.h"
#include "rapport-customer-page.h"
#include "rapport-customers-view.h"
#include "rapport-preferences-window.h"
#include "rapport-resources.h"
#include "rapport-store-private.h"
#include "rapport-scheduler.h"
#include "rapport-store-notices.h"
#include "rapport-window.h"

typedef struct
{
  char           *dir;
  char           *path;
  RapportStore   *store;
  RapportContext *context;
  RapportWindow  *window;
} UiFixture;

static gint64
add_customer (RapportStore *store,
              const char   *name,
              const char   *email,
              const char   *type)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(GError) error = NULL;

  customer->display_name = g_strdup (name);
  if (email != NULL)
    rapport_customer_add_email (customer, email, "work", TRUE);
  if (type != NULL)
    rapport_customer_add_type (customer, type);
  g_assert_true (rapport_store_add_customer (store, customer, &error));
  g_assert_no_error (error);

  return customer->id;
}

/* Runs the main loop until @done says so, or fails after five seconds. */
static void
wait_until (gboolean    (*done) (gpointer data),
            gpointer      data,
            const char   *what)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
ui_set_up (UiFixture     *fixture,
           gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = rapport_store_open (fixture->path, &error);
  g_assert_no_error (error);

  if (GPOINTER_TO_INT (data) != 0)
    {
      add_customer (fixture->store, "Amara Okafor", "amara@example.com", "returning");
      add_customer (fixture->store, "Jürgen Müller", "j.mueller@example.de", "vip");
      add_customer (fixture->store, "Grace Uwase", "grace@example.rw", "b2b");
      add_customer (fixture->store, "Lucía Pérez", "lucia@example.es", NULL);
    }

  settings = g_settings_new ("io.github.rapportcrm.Rapport");
  fixture->context = rapport_context_new (fixture->store, settings);
  fixture->window = g_object_new (RAPPORT_TYPE_WINDOW, "context", fixture->context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (window_mapped, fixture->window, "the window is shown");
  settle ();
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (dir);
}

static void
ui_tear_down (UiFixture     *fixture,
              gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  settle ();
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Depth-first search of the widget tree. */
static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data)) && gtk_widget_get_mapped (widget);
}

static RapportCustomersView *
customers_view (UiFixture *fixture)
{
  GtkWidget *view = find_widget (GTK_WIDGET (fixture->window), is_type,
                                 GSIZE_TO_POINTER (RAPPORT_TYPE_CUSTOMERS_VIEW));

  g_assert_nonnull (view);
  return RAPPORT_CUSTOMERS_VIEW (view);
}

static guint
shown_customers (UiFixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (rapport_customers_view_get_model (customers_view (fixture))));
}

typedef struct
{
  UiFixture *fixture;
  guint      expected;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return shown_customers (wait->fixture) == wait->expected;
}

static void
wait_for_count (UiFixture *fixture,
                guint      expected)
{
  CountWait wait = { fixture, expected };

  wait_until (count_is, &wait, "the list shows the expected customers");
}

/* Rendered rows: the list view makes widgets only for what is on screen. */
static gboolean
is_mapped_customer_row (GtkWidget     *widget,
                        gconstpointer  data)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), "RapportCustomerRow") && gtk_widget_get_mapped (widget);
}

static guint
count_widgets (GtkWidget  *root,
               gboolean  (*match) (GtkWidget *widget, gconstpointer data))
{
  guint n = match (root, NULL) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, match);

  return n;
}


static gboolean
is_entry_row_titled (GtkWidget     *widget,
                     gconstpointer  data)
{
  return ADW_IS_ENTRY_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
is_named_type (GtkWidget     *widget,
               gconstpointer  data)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), data) && gtk_widget_get_mapped (widget);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

/* A row or label anywhere that shows @data. */
static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) != NULL)
    return TRUE;
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), data) != NULL;
}

static void
set_row (GtkWidget  *root,
         const char *title,
         const char *text)
{
  GtkWidget *row = find_widget (root, is_entry_row_titled, title);

  if (row == NULL)
    g_error ("No entry row titled “%s”", title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static GtkWidget *
customer_page (UiFixture *fixture)
{
  GtkWidget *page = find_widget (GTK_WIDGET (fixture->window), is_named_type, "RapportCustomerPage");

  g_assert_nonnull (page);
  return page;
}

static GtkWidget *
find_toplevel (const char *type_name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (window), type_name) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static void
test_window_shows_customers (UiFixture     *fixture,
                             gconstpointer  data)
{
  g_autofree char *title = NULL;

  g_object_get (fixture->window, "title", &title, NULL);
  g_assert_nonnull (strstr (title, "Rapport"));
  wait_for_count (fixture, 4);
  g_assert_cmpuint (count_widgets (GTK_WIDGET (fixture->window), is_mapped_customer_row), ==, 4);
}

static gboolean
is_search_entry (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_mapped (widget);
}

static void
test_search_narrows (UiFixture     *fixture,
                     gconstpointer  data)
{
  GtkWidget *entry;

  wait_for_count (fixture, 4);

  /* Ctrl+F focuses the search; typing narrows, with accents folded. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  entry = find_widget (GTK_WIDGET (fixture->window), is_search_entry, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "muller");
  wait_for_count (fixture, 1);

  gtk_editable_set_text (GTK_EDITABLE (entry), "example");
  wait_for_count (fixture, 4);

  gtk_editable_set_text (GTK_EDITABLE (entry), "nobody-here");
  wait_for_count (fixture, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_for_count (fixture, 4);
}

static void
test_list_follows_the_store (UiFixture     *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  wait_for_count (fixture, 4);
  id = add_customer (fixture->store, "Chen Wei", NULL, NULL);
  wait_for_count (fixture, 5);
  g_assert_true (rapport_store_delete_customer (fixture->store, id, &error));
  wait_for_count (fixture, 4);
}

static gboolean
is_visible_status_page (GtkWidget     *widget,
                        gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), data) == 0;
}

static void
test_first_run_offers_a_start (UiFixture     *fixture,
                               gconstpointer  data)
{
  g_assert_cmpuint (shown_customers (fixture), ==, 0);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), is_visible_status_page, "Welcome to Rapport"));

  /* Demo data fills the empty database and the list follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (customers_view (fixture)), "view.demo", NULL));
  settle ();
  g_assert_cmpuint (shown_customers (fixture), >, 10);
  g_assert_null (find_widget (GTK_WIDGET (fixture->window), is_visible_status_page, "Welcome to Rapport"));
}


static void
test_editor_creates_customer (UiFixture     *fixture,
                              gconstpointer  data)
{
  g_autoptr(RapportCustomer) created = NULL;
  g_autoptr(GError) error = NULL;

  wait_for_count (fixture, 4);

  /* Ctrl+N opens an empty editor; saving adds to the store and the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-customer", NULL));
  settle ();
  set_row (customer_page (fixture), "Display Name", "Chen Wei");
  set_row (customer_page (fixture), "Preferred Language (such as en-GB)", "zh-Hans-CN");
  settle ();
  g_assert_true (rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (customer_page (fixture))));
  g_assert_true (gtk_widget_activate_action (customer_page (fixture), "customer.save", NULL));
  wait_for_count (fixture, 5);

  created = rapport_store_find_customer (fixture->store, "Chen Wei", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (created->language, ==, "zh-Hans-CN");
  g_assert_false (rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (customer_page (fixture))));
}

static gboolean
is_button_with_tooltip (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static void
test_editor_refuses_bad_email (UiFixture     *fixture,
                               gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;
  GtkWidget *page;
  GtkWidget *add;

  wait_for_count (fixture, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-customer", NULL));
  settle ();
  page = customer_page (fixture);
  set_row (page, "Display Name", "Kofi Mensah");
  add = find_widget (page, is_button_with_tooltip, "Add Email Address");
  g_assert_nonnull (add);
  g_signal_emit_by_name (add, "clicked");
  settle ();
  set_row (page, "Email Address", "kofi@");
  settle ();

  /* The field says what is wrong, and saving keeps the store unchanged. */
  g_assert_nonnull (find_widget (page, shows_text, "not a valid email address"));
  gtk_widget_activate_action (page, "customer.save", NULL);
  settle ();
  g_assert_cmpuint (shown_customers (fixture), ==, 4);
  ids = rapport_store_list_customer_ids (fixture->store, NULL, NULL);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_true (rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (page)));

  /* Mended, it saves. */
  set_row (page, "Email Address", "kofi@example.com");
  settle ();
  g_assert_true (gtk_widget_activate_action (page, "customer.save", NULL));
  wait_for_count (fixture, 5);
}

/* An address book export (.vcf) imports from the window like a CSV file:
 * the customers appear in the list, and a second import adds nothing. */
static void
test_import_vcard_file (UiFixture     *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "vcard", "apple-macos-10.14.6-3.0-two-cards.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) ids = NULL;

  wait_for_count (fixture, 4);
  rapport_customers_view_import_file (customers_view (fixture), file);
  wait_for_count (fixture, 6);
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), shows_text, "Imported 2 customers"));

  rapport_customers_view_import_file (customers_view (fixture), file);
  settle ();
  ids = rapport_store_list_customer_ids (fixture->store, NULL, NULL);
  g_assert_cmpuint (ids->len, ==, 6);
}

static void
test_log_interaction_adds_timeline_row (UiFixture     *fixture,
                                        gconstpointer  data)
{
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  amara = rapport_store_find_customer (fixture->store, "amara@example.com", &error);
  g_assert_no_error (error);
  rapport_window_show_customer (fixture->window, amara->id);
  settle ();
  g_assert_null (find_widget (customer_page (fixture), shows_text, "Late delivery"));

  /* Ctrl+L: the message-taking form. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-interaction", NULL));
  settle ();
  dialog = find_toplevel ("RapportLogDialog");
  g_assert_nonnull (dialog);
  set_row (dialog, "What", "Late delivery");
  set_row (dialog, "Action Promised", "Call back with tracking number");
  set_row (dialog, "Handle Time (such as 6m or 1h 30m)", "6m");
  settle ();
  g_signal_emit_by_name (find_widget (dialog, is_button_labelled, "_Save"), "clicked");
  settle ();

  history = rapport_store_list_interactions (fixture->store, amara->id, 0, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((RapportInteraction *) g_ptr_array_index (history, 0))->subject, ==, "Late delivery");
  g_assert_cmpint (((RapportInteraction *) g_ptr_array_index (history, 0))->handle_time, ==, 360);
  g_assert_nonnull (find_widget (customer_page (fixture), shows_text, "Late delivery"));
}

static void
test_delete_then_undo (UiFixture     *fixture,
                       gconstpointer  data)
{
  g_autoptr(RapportCustomer) grace = NULL;
  g_autoptr(RapportCustomer) back = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *undo;

  wait_for_count (fixture, 4);
  grace = rapport_store_find_customer (fixture->store, "grace@example.rw", &error);
  g_assert_no_error (error);
  rapport_window_show_customer (fixture->window, grace->id);
  settle ();

  g_assert_true (gtk_widget_activate_action (customer_page (fixture), "customer.delete", NULL));
  settle ();
  /* Confirmation, if the page asks for one. */
  {
    GtkWidget *confirm = find_toplevel ("AdwMessageDialog");

    if (confirm != NULL)
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
    settle ();
  }
  wait_for_count (fixture, 3);

  undo = find_widget (GTK_WIDGET (fixture->window), is_button_labelled, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait_for_count (fixture, 4);

  back = rapport_store_get_customer (fixture->store, grace->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->display_name, ==, "Grace Uwase");
}


/* The list row showing @title, or NULL. */
static GtkWidget *
find_list_row (GtkWidget  *root,
               const char *title)
{
  GtkWidget *label = find_widget (root, shows_text, title);

  while (label != NULL && !GTK_IS_LIST_BOX_ROW (label))
    label = gtk_widget_get_parent (label);

  return label;
}

static gboolean
is_mark_done (GtkWidget     *widget,
              gconstpointer  data)
{
  return is_button_with_tooltip (widget, "Mark Done");
}

static void
test_follow_up_done_moves (UiFixture     *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *done;

  amara = rapport_store_find_customer (fixture->store, "amara@example.com", &error);
  follow_up->customer_id = amara->id;
  follow_up->title = g_strdup ("Call back with tracking number");
  follow_up->due = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_true (rapport_store_add_follow_up (fixture->store, follow_up, &error));
  g_assert_no_error (error);

  rapport_window_show_section (fixture->window, "follow-ups");
  settle ();

  /* It is overdue, in the Follow-ups section. */
  row = find_list_row (GTK_WIDGET (fixture->window), "Call back with tracking number");
  g_assert_nonnull (row);
  g_assert_cmpuint (rapport_store_count_due (fixture->store, RAPPORT_DUE_OVERDUE, NULL, NULL), ==, 1);

  done = find_widget (row, is_mark_done, NULL);
  g_assert_nonnull (done);
  g_signal_emit_by_name (done, "clicked");
  settle ();

  /* Done: out of the list and of the counts, marked in the store. */
  g_assert_null (find_list_row (GTK_WIDGET (fixture->window), "Call back with tracking number"));
  g_assert_cmpuint (rapport_store_count_due (fixture->store, RAPPORT_DUE_OVERDUE, NULL, NULL), ==, 0);
  stored = rapport_store_get_follow_up (fixture->store, follow_up->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RAPPORT_FOLLOW_UP_DONE);

  /* The toast's Undo puts it back. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (fixture->window), is_button_labelled, "_Undo"), "clicked");
  settle ();
  g_assert_nonnull (find_list_row (GTK_WIDGET (fixture->window), "Call back with tracking number"));
  g_assert_cmpuint (rapport_store_count_due (fixture->store, RAPPORT_DUE_OVERDUE, NULL, NULL), ==, 1);
}

static GtkWidget *
find_message_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return window;
    }

  return NULL;
}

/* A task another app made without a customer is listed under No Customer
 * Yet; Assign… gives it one, and it moves to its due group. */
static void
test_follow_up_unassigned_assigned (UiFixture     *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *dialog;
  GtkWidget *search;

  amara = rapport_store_find_customer (fixture->store, "amara@example.com", &error);
  g_assert_no_error (error);
  follow_up->uid = g_strdup ("todoman-4f1e2d");
  follow_up->title = g_strdup ("Quote for the new office");
  follow_up->due = g_get_real_time () / G_USEC_PER_SEC + 3 * 86400;
  g_assert_true (rapport_store_add_received_follow_up (fixture->store, follow_up, &error));
  g_assert_no_error (error);

  rapport_window_show_section (fixture->window, "follow-ups");
  settle ();
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), shows_text, "No Customer Yet"));
  row = find_list_row (GTK_WIDGET (fixture->window), "Quote for the new office");
  g_assert_nonnull (row);
  g_assert_nonnull (find_widget (row, shows_text, "No customer yet · <a href=\"assign:"));

  g_assert_true (gtk_widget_activate_action (row, "follow-up.assign", "x", follow_up->id));
  settle ();
  dialog = find_message_dialog ("Assign to a Customer");
  g_assert_nonnull (dialog);
  search = find_widget (dialog, is_search_entry, NULL);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "Amara");
  settle ();
  /* One match is chosen already: Assign answers. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "choose");
  settle ();

  stored = rapport_store_get_follow_up (fixture->store, follow_up->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->customer_id, ==, amara->id);
  g_assert_null (find_widget (GTK_WIDGET (fixture->window), shows_text, "No Customer Yet"));
  row = find_list_row (GTK_WIDGET (fixture->window), "Quote for the new office");
  g_assert_nonnull (row);
  g_assert_nonnull (find_widget (row, shows_text, "Amara Okafor"));
}

/* Renders the window as the compositor would and checks it is no blank
 * or broken surface: many colours, and both light text and dark text. */
static void
test_screenshot_is_not_blank (UiFixture     *fixture,
                              gconstpointer  data)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer;
  int width, height;
  gsize stride;

  wait_for_count (fixture, 4);
  width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->window));
  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 200);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (g_getenv ("RAPPORT_SCREENSHOT") != NULL)
    gdk_texture_save_to_png (texture, g_getenv ("RAPPORT_SCREENSHOT"));

  stride = width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + y * stride + x * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }

  /* A blank window has a handful of colours; text and icons bring hundreds. */
  g_assert_cmpuint (g_hash_table_size (colours), >, 100);
}

/* The window's toast, once it shows @text: its Undo button. */
static GtkWidget *
find_undo_for (UiFixture  *fixture,
               const char *text)
{
  GtkWidget *overlay = find_widget (GTK_WIDGET (fixture->window), is_type,
                                    GSIZE_TO_POINTER (ADW_TYPE_TOAST_OVERLAY));

  g_assert_nonnull (overlay);
  if (find_widget (overlay, shows_text, text) == NULL)
    g_error ("No toast says “%s”", text);

  return find_widget (overlay, is_button_labelled, "_Undo");
}

static void
test_add_contract_from_the_page (UiFixture     *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(GPtrArray) contracts = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  GtkWidget *page;
  GtkWidget *add;
  GtkWidget *dialog;
  GtkWidget *row;
  GtkWidget *delete;

  amara = rapport_store_find_customer (fixture->store, "amara@example.com", &error);
  g_assert_no_error (error);
  rapport_window_show_customer (fixture->window, amara->id);
  settle ();
  page = customer_page (fixture);
  g_assert_nonnull (find_widget (page, shows_text, "No contracts"));

  /* The group's icon button opens "New Contract" for this customer. */
  add = find_widget (page, is_button_with_tooltip, "Add Contract");
  g_assert_nonnull (add);
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (add)), ==, "list-add-symbolic");
  g_signal_emit_by_name (add, "clicked");
  settle ();
  dialog = find_toplevel ("RapportContractDialog");
  g_assert_nonnull (dialog);
  set_row (dialog, "Product or Service", "Support plan");
  set_row (dialog, "Start (YYYY-MM-DD)", "2026-01-01");
  set_row (dialog, "End (YYYY-MM-DD)", "2026-12-31");
  set_row (dialog, "Amount", "1200.00");
  set_row (dialog, "Currency (ISO 4217, such as EUR)", "EUR");
  settle ();
  g_signal_emit_by_name (find_widget (dialog, is_button_labelled, "_Save"), "clicked");
  settle ();
  g_assert_null (find_toplevel ("RapportContractDialog"));

  contracts = rapport_store_list_contracts (fixture->store, amara->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contracts->len, ==, 1);
  uid = g_strdup (((RapportContract *) g_ptr_array_index (contracts, 0))->uid);

  /* The page follows the store; clicking the row edits the contract. */
  row = find_list_row (page, "Support plan");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  settle ();
  dialog = find_toplevel ("RapportContractDialog");
  g_assert_nonnull (dialog);
  g_assert_nonnull (find_widget (dialog, shows_text, "Edit Contract"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();

  /* The row's remove button deletes it; Undo adds it back, same uid. */
  delete = find_widget (row, is_button_with_tooltip, "Delete Contract");
  g_assert_nonnull (delete);
  g_signal_emit_by_name (delete, "clicked");
  settle ();
  g_clear_pointer (&contracts, g_ptr_array_unref);
  contracts = rapport_store_list_contracts (fixture->store, amara->id, &error);
  g_assert_cmpuint (contracts->len, ==, 0);
  g_assert_null (find_list_row (page, "Support plan"));
  g_assert_nonnull (find_widget (page, shows_text, "No contracts"));

  g_signal_emit_by_name (find_undo_for (fixture, "Contract “Support plan” deleted"), "clicked");
  settle ();
  back = rapport_store_list_contracts (fixture->store, amara->id, &error);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_cmpstr (((RapportContract *) g_ptr_array_index (back, 0))->uid, ==, uid);
  g_assert_nonnull (find_list_row (page, "Support plan"));
}

static RapportInteraction *
log_in_store (UiFixture  *fixture,
              gint64      customer_id,
              const char *subject,
              const char *body)
{
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(GError) error = NULL;

  interaction->customer_id = customer_id;
  interaction->when = g_get_real_time () / G_USEC_PER_SEC - 7200 - 17;
  interaction->channel = RAPPORT_CHANNEL_PHONE;
  interaction->direction = RAPPORT_DIRECTION_INBOUND;
  interaction->subject = g_strdup (subject);
  interaction->body = g_strdup (body);
  interaction->action_promised = g_strdup ("Call back with tracking number");
  interaction->handle_time = 5 * 60 + 30;
  g_assert_true (rapport_store_add_interaction (fixture->store, interaction, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&interaction);
}

static void
test_edit_and_delete_an_interaction (UiFixture     *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(RapportInteraction) logged = NULL;
  g_autoptr(RapportInteraction) with_body = NULL;
  g_autoptr(RapportInteraction) edited = NULL;
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) unlinked = NULL;
  g_autoptr(RapportFollowUp) relinked = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  RapportInteraction *restored;
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *dialog;
  GtkWidget *delete;

  amara = rapport_store_find_customer (fixture->store, "amara@example.com", &error);
  logged = log_in_store (fixture, amara->id, "Late delivery", NULL);
  with_body = log_in_store (fixture, amara->id, "Invoice question", "Asked why the VAT line is missing.");
  rapport_window_show_customer (fixture->window, amara->id);
  settle ();
  page = customer_page (fixture);

  /* A row without details opens the editor when activated. */
  row = find_list_row (page, "Late delivery");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  settle ();
  dialog = find_toplevel ("RapportLogDialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Interaction");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (dialog, is_entry_row_titled, "What"))),
                   ==, "Late delivery");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (dialog, is_entry_row_titled,
                                                                     "Handle Time (such as 6m or 1h 30m)"))),
                   ==, "5m 30s");
  /* No follow-up keeps the promise yet: offered. */
  g_assert_nonnull (find_widget (dialog, shows_text, "Turn the Promise Into a Follow-up"));

  set_row (dialog, "What", "Late delivery, parcel found");
  settle ();
  g_signal_emit_by_name (find_widget (dialog, is_button_labelled, "_Save"), "clicked");
  settle ();
  g_assert_null (find_toplevel ("RapportLogDialog"));

  /* Saved in place: same record, same moment to the second. */
  edited = rapport_store_get_interaction (fixture->store, logged->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (edited->subject, ==, "Late delivery, parcel found");
  g_assert_cmpstr (edited->uid, ==, logged->uid);
  g_assert_cmpint (edited->when, ==, logged->when);
  g_assert_cmpint (edited->handle_time, ==, logged->handle_time);
  history = rapport_store_list_interactions (fixture->store, amara->id, 0, &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_clear_pointer (&history, g_ptr_array_unref);
  g_assert_nonnull (find_list_row (page, "Late delivery, parcel found"));

  /* Once a follow-up keeps the promise, editing does not offer another. */
  follow_up->customer_id = amara->id;
  follow_up->title = g_strdup ("Call back with tracking number");
  follow_up->due = g_get_real_time () / G_USEC_PER_SEC + 86400;
  follow_up->origin_interaction_id = logged->id;
  g_assert_true (rapport_store_add_follow_up (fixture->store, follow_up, &error));
  settle ();
  row = find_list_row (page, "Late delivery, parcel found");
  g_signal_emit_by_name (row, "activate");
  settle ();
  dialog = find_toplevel ("RapportLogDialog");
  g_assert_nonnull (dialog);
  g_assert_null (find_widget (dialog, shows_text, "Turn the Promise Into a Follow-up"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();

  /* A row with details expands when activated, and has an edit button. */
  row = find_list_row (page, "Invoice question");
  g_assert_nonnull (find_widget (row, is_button_with_tooltip, "Edit Interaction"));
  g_signal_emit_by_name (find_widget (row, is_button_with_tooltip, "Edit Interaction"), "clicked");
  settle ();
  dialog = find_toplevel ("RapportLogDialog");
  g_assert_nonnull (dialog);
  {
    GtkWidget *body = find_widget (dialog, is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (body));
    g_autofree char *text = NULL;
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Asked why the VAT line is missing.");
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();

  /* Delete from the row, then Undo: back with its uid and its follow-up. */
  row = find_list_row (page, "Late delivery, parcel found");
  delete = find_widget (row, is_button_with_tooltip, "Delete Interaction");
  g_assert_nonnull (delete);
  g_signal_emit_by_name (delete, "clicked");
  settle ();
  g_assert_null (find_list_row (page, "Late delivery, parcel found"));
  history = rapport_store_list_interactions (fixture->store, amara->id, 0, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);
  unlinked = rapport_store_get_follow_up (fixture->store, follow_up->id, &error);
  g_assert_cmpint (unlinked->origin_interaction_id, ==, 0);

  g_signal_emit_by_name (find_undo_for (fixture, "Interaction “Late delivery, parcel found” deleted"), "clicked");
  settle ();
  g_assert_nonnull (find_list_row (page, "Late delivery, parcel found"));
  history = rapport_store_list_interactions (fixture->store, amara->id, 0, &error);
  g_assert_cmpuint (history->len, ==, 2);
  restored = NULL;
  for (guint i = 0; i < history->len; i++)
    if (g_strcmp0 (((RapportInteraction *) g_ptr_array_index (history, i))->uid, logged->uid) == 0)
      restored = g_ptr_array_index (history, i);
  g_assert_nonnull (restored);
  g_assert_cmpstr (restored->subject, ==, "Late delivery, parcel found");
  g_assert_cmpint (restored->when, ==, logged->when);
  relinked = rapport_store_get_follow_up (fixture->store, follow_up->id, &error);
  g_assert_cmpint (relinked->origin_interaction_id, ==, restored->id);
}

static void
test_delete_a_follow_up_with_undo (UiFixture     *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *delete;

  amara = rapport_store_find_customer (fixture->store, "amara@example.com", &error);
  follow_up->customer_id = amara->id;
  follow_up->title = g_strdup ("Send the brochure");
  follow_up->due = g_get_real_time () / G_USEC_PER_SEC + 86400;
  g_assert_true (rapport_store_add_follow_up (fixture->store, follow_up, &error));
  g_assert_no_error (error);
  rapport_window_show_customer (fixture->window, amara->id);
  settle ();
  page = customer_page (fixture);

  row = find_list_row (page, "Send the brochure");
  g_assert_nonnull (row);
  delete = find_widget (row, is_button_with_tooltip, "Delete Follow-up");
  g_assert_nonnull (delete);
  g_signal_emit_by_name (delete, "clicked");
  settle ();
  g_assert_null (find_list_row (page, "Send the brochure"));
  open = rapport_store_list_follow_ups (fixture->store, amara->id, FALSE, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_clear_pointer (&open, g_ptr_array_unref);

  g_signal_emit_by_name (find_undo_for (fixture, "Follow-up “Send the brochure” deleted"), "clicked");
  settle ();
  g_assert_nonnull (find_list_row (page, "Send the brochure"));
  open = rapport_store_list_follow_ups (fixture->store, amara->id, FALSE, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((RapportFollowUp *) g_ptr_array_index (open, 0))->uid, ==, follow_up->uid);
}

/* Renewal notices and stay-in-touch cadences. These wait for what they
 * expect rather than for a fixed time: the suite has a time limit. */

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

typedef struct
{
  GtkWidget      *root;
  gboolean      (*match) (GtkWidget *widget, gconstpointer data);
  gconstpointer   data;
  const char     *toplevel;    /* instead of root and match: a window of this type */
  const char     *row;         /* with text: a list row showing row and text */
  const char     *text;
  gboolean        gone;        /* wait until there is none */
} Find;

static GtkWidget *
find (Find *what)
{
  if (what->toplevel != NULL)
    return find_toplevel (what->toplevel);

  if (what->row != NULL)
    {
      GtkWidget *row = find_list_row (what->root, what->row);

      return row != NULL && find_widget (row, shows_text, what->text) != NULL ? row : NULL;
    }

  return find_widget (what->root, what->match, what->data);
}

static gboolean
find_done (gpointer data)
{
  Find *what = data;

  return (find (what) != NULL) != what->gone;
}

/* As wait_until(), but each turn runs everything that is ready: a
 * reload queued as an idle is not starved by redraws. */
static GtkWidget *
wait_for (Find        what,
          const char *description)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!find_done (&what))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", description);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }

  return find (&what);
}

#define WAIT_FOR_WIDGET(root_, match_, data_) \
  wait_for ((Find) { .root = (root_), .match = (match_), .data = (data_) }, #match_ " " #data_)
#define WAIT_FOR_WINDOW(type_) \
  wait_for ((Find) { .toplevel = (type_) }, "a " type_ " is shown")
#define WAIT_FOR_NO_WINDOW(type_) \
  wait_for ((Find) { .toplevel = (type_), .gone = TRUE }, "the " type_ " is closed")
#define WAIT_FOR_ROW(root_, row_, text_) \
  wait_for ((Find) { .root = (root_), .row = (row_), .text = (text_) }, "a row “" row_ "” shows “" text_ "”")

static GtkSpinButton *
wait_for_spin_in_row (GtkWidget  *root,
                      const char *title)
{
  GtkWidget *row = WAIT_FOR_WIDGET (root, is_row_titled, title);
  GtkWidget *spin = find_widget (row, is_type, GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON));

  g_assert_nonnull (spin);

  return GTK_SPIN_BUTTON (spin);
}

static char *
dup_view_text (GtkWidget *root)
{
  GtkWidget *view = find_widget (root, is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
  GtkTextIter start, end;

  g_assert_nonnull (view);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &start, &end);

  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &start, &end, FALSE);
}

static char *
dup_date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A German customer addressed formally, with a contract ending in ten
 * days: its notice (30 days ahead) is due. */
static gint64
add_german_contract (UiFixture *fixture,
                     gboolean   with_email)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(GError) error = NULL;

  customer->display_name = g_strdup ("Katrin Schmidt");
  customer->given_name = g_strdup ("Katrin");
  customer->family_name = g_strdup ("Schmidt");
  customer->form_of_address = g_strdup ("Frau");
  customer->language = g_strdup ("de-DE");
  if (with_email)
    rapport_customer_add_email (customer, "katrin.schmidt@example.de", "work", TRUE);
  g_assert_true (rapport_store_add_customer (fixture->store, customer, &error));
  g_assert_no_error (error);

  contract->customer_id = customer->id;
  contract->product = g_strdup ("Wartungsvertrag");
  contract->start_date = dup_date_in_days (-355);
  contract->end_date = dup_date_in_days (10);
  contract->value = 480000;
  contract->currency = g_strdup ("EUR");
  contract->lead_days = 30;
  contract->state = RAPPORT_CONTRACT_ACTIVE;
  g_assert_true (rapport_store_add_contract (fixture->store, contract, &error));
  g_assert_no_error (error);

  return contract->id;
}

static RapportNotice *
only_notice (UiFixture *fixture,
             gint64     contract_id)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;

  notices = rapport_store_list_notices (fixture->store, contract_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);

  return rapport_store_get_notice (fixture->store, ((RapportNotice *) g_ptr_array_index (notices, 0))->id, NULL);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static void
test_renewal_notice_copied_and_sent (UiFixture     *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportNotice) prepared = NULL;
  g_autoptr(RapportNotice) sent = NULL;
  g_autoptr(RapportNotice) undone = NULL;
  g_autofree char *body = NULL;
  ClipboardRead read = { NULL, FALSE };
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *row;
  GtkWidget *dialog;
  GtkWidget *overlay;
  gint64 contract_id;

  contract_id = add_german_contract (fixture, TRUE);

  /* Opening Renewals prepares the notice that fell due. */
  rapport_window_show_section (fixture->window, "renewals");
  row = WAIT_FOR_ROW (window, "Wartungsvertrag", "Notice due");
  notice = only_notice (fixture, contract_id);
  g_assert_cmpint (notice->state, ==, RAPPORT_NOTICE_DUE);

  /* Written in German, greeting her formally. */
  g_signal_emit_by_name (find_widget (row, is_button_labelled, "Open _Notice"), "clicked");
  dialog = WAIT_FOR_WINDOW ("RapportNoticeDialog");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  body = dup_view_text (dialog);
  g_assert_nonnull (strstr (body, "Sehr geehrte Frau Schmidt"));
  g_assert_nonnull (WAIT_FOR_WIDGET (dialog, shows_text, "German"));
  g_assert_true (gtk_widget_get_sensitive (find_widget (dialog, is_button_labelled, "_Open in Mail")));

  /* Copy: subject and text on the clipboard, the notice prepared. */
  g_signal_emit_by_name (find_widget (dialog, is_button_with_tooltip, "Copy Subject and Text"), "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (dialog), NULL, clipboard_read_cb, &read);
  wait_until (clipboard_read_done, &read, "the clipboard is read");
  g_assert_nonnull (read.text);
  g_assert_true (g_str_has_prefix (read.text, notice->subject));
  g_assert_nonnull (strstr (read.text, "Sehr geehrte Frau Schmidt"));
  WAIT_FOR_WIDGET (dialog, shows_text, "Copied");
  prepared = rapport_store_get_notice (fixture->store, notice->id, NULL);
  g_assert_cmpint (prepared->state, ==, RAPPORT_NOTICE_PREPARED);
  WAIT_FOR_ROW (window, "Wartungsvertrag", "Prepared");

  /* An edited subject goes out as edited; Mark as Sent closes. */
  set_row (dialog, "Subject", "Ihr Wartungsvertrag: bitte bestätigen");
  g_signal_emit_by_name (find_widget (dialog, is_button_labelled, "Mark as _Sent"), "clicked");
  WAIT_FOR_NO_WINDOW ("RapportNoticeDialog");
  sent = rapport_store_get_notice (fixture->store, notice->id, NULL);
  g_assert_cmpint (sent->state, ==, RAPPORT_NOTICE_SENT);
  g_assert_cmpint (sent->sent_at, >, 0);
  g_assert_cmpstr (sent->subject, ==, "Ihr Wartungsvertrag: bitte bestätigen");
  row = WAIT_FOR_ROW (window, "Wartungsvertrag", "Sent");
  g_assert_null (find_widget (row, shows_text, "Prepared"));

  /* Undo takes the state back, not the edit. */
  overlay = find_widget (window, is_type, GSIZE_TO_POINTER (ADW_TYPE_TOAST_OVERLAY));
  WAIT_FOR_WIDGET (overlay, shows_text, "Notice to Katrin Schmidt marked sent");
  g_signal_emit_by_name (WAIT_FOR_WIDGET (overlay, is_button_labelled, "_Undo"), "clicked");
  WAIT_FOR_ROW (window, "Wartungsvertrag", "Prepared");
  undone = rapport_store_get_notice (fixture->store, notice->id, NULL);
  g_assert_cmpint (undone->state, ==, RAPPORT_NOTICE_PREPARED);
  g_assert_cmpint (undone->sent_at, ==, 0);
  g_assert_cmpstr (undone->subject, ==, "Ihr Wartungsvertrag: bitte bestätigen");

  g_free (read.text);
}

static void
test_renewed_contract_closes_its_notice (UiFixture     *fixture,
                                         gconstpointer  data)
{
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportNotice) renewed = NULL;
  g_autoptr(RapportNotice) reopened = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(RapportCustomer) katrin = NULL;
  g_autoptr(RapportNotice) kept = NULL;
  g_autofree char *body = NULL;
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *view;
  GtkWidget *row;
  GtkWidget *dialog;
  GtkWidget *language_row;
  GtkWidget *mail;
  GListModel *languages;
  gint64 contract_id;

  contract_id = add_german_contract (fixture, FALSE);
  rapport_window_show_section (fixture->window, "renewals");
  WAIT_FOR_ROW (window, "Wartungsvertrag", "Notice due");
  notice = only_notice (fixture, contract_id);

  /* Mark Renewed (the row's menu): the contract leaves the list and its
   * notice is renewed. */
  view = find_widget (window, is_named_type, "RapportRenewalsView");
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_activate_action (view, "renewal.renewed", "x", contract_id));
  wait_for ((Find) { .root = window, .row = "Wartungsvertrag", .text = "Wartungsvertrag", .gone = TRUE },
            "the contract leaves the list");
  renewed = rapport_store_get_notice (fixture->store, notice->id, NULL);
  g_assert_cmpint (renewed->state, ==, RAPPORT_NOTICE_RENEWED);
  contract = rapport_store_get_contract (fixture->store, contract_id, NULL);
  g_assert_cmpint (contract->state, ==, RAPPORT_CONTRACT_RENEWED);

  /* Undo brings both back. */
  g_signal_emit_by_name (find_undo_for (fixture, "“Wartungsvertrag” marked renewed"), "clicked");
  WAIT_FOR_ROW (window, "Wartungsvertrag", "Notice due");
  reopened = rapport_store_get_notice (fixture->store, notice->id, NULL);
  g_assert_cmpint (reopened->state, ==, RAPPORT_NOTICE_DUE);

  /* The customer's page lists the notice under its contract; the row
   * opens it. */
  katrin = rapport_store_find_customer (fixture->store, "Katrin Schmidt", NULL);
  rapport_window_show_customer (fixture->window, katrin->id);
  row = WAIT_FOR_ROW (window, "Renewal Notice", "Notice due");
  g_signal_emit_by_name (row, "activate");
  dialog = WAIT_FOR_WINDOW ("RapportNoticeDialog");

  /* No address to write to: the mail client is not offered, and says why. */
  mail = find_widget (dialog, is_button_labelled, "_Open in Mail");
  g_assert_false (gtk_widget_get_sensitive (mail));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (mail), "no email address"));
  g_assert_nonnull (find_widget (dialog, shows_text, "No email address"));

  /* Written again in French; closing keeps it, prepared. */
  language_row = WAIT_FOR_WIDGET (dialog, is_row_titled, "Language");
  languages = adw_combo_row_get_model (ADW_COMBO_ROW (language_row));
  for (guint i = 0; i < g_list_model_get_n_items (languages); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (languages), i), "French") == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (language_row), i);
  body = dup_view_text (dialog);
  g_assert_nonnull (strstr (body, "Chère Madame Schmidt"));
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR_NO_WINDOW ("RapportNoticeDialog");
  kept = rapport_store_get_notice (fixture->store, notice->id, NULL);
  g_assert_cmpint (kept->state, ==, RAPPORT_NOTICE_PREPARED);
  g_assert_cmpstr (kept->language, ==, "fr");
  g_assert_nonnull (strstr (kept->body, "Chère Madame Schmidt"));
}

/* Preferences write a moment after the last change. */
static gboolean
vip_cadence_stored (gpointer data)
{
  UiFixture *fixture = data;

  return rapport_store_get_type_cadence (fixture->store, "vip") == 30;
}

static void
test_type_cadence_in_preferences_persists (UiFixture     *fixture,
                                           gconstpointer  data)
{
  g_autoptr(RapportCustomer) juergen = NULL;
  g_autofree char *language = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *preferences;
  GtkSpinButton *spin;

  /* What is stored shows. */
  g_assert_true (rapport_store_set_type_cadence (fixture->store, "b2b", 60, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  preferences = WAIT_FOR_WINDOW ("RapportPreferencesWindow");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "stay-in-touch");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (wait_for_spin_in_row (preferences, "B2B (business)")), ==, 60);

  /* VIP customers every 30 days; derived types take no cadence. */
  spin = wait_for_spin_in_row (preferences, "High-value / VIP");
  g_assert_null (find_widget (preferences, is_row_titled, "Returning"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 0);
  gtk_spin_button_set_value (spin, 30);
  wait_until (vip_cadence_stored, fixture, "the VIP cadence is stored");

  /* The business language: one of the five from the menu, or typed. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "general");
  WAIT_FOR_WIDGET (preferences, is_entry_row_titled, "Business Language");
  g_assert_true (gtk_widget_activate_action (preferences, "prefs.business-language", "s", "fr"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (preferences, is_entry_row_titled,
                                                                      "Business Language"))), ==, "fr");
  set_row (preferences, "Business Language", "de-ch");
  gtk_window_close (GTK_WINDOW (preferences));
  WAIT_FOR_NO_WINDOW ("RapportPreferencesWindow");
  language = rapport_store_dup_setting (fixture->store, RAPPORT_SETTING_BUSINESS_LANGUAGE);
  g_assert_cmpstr (language, ==, "de-CH");

  /* A VIP customer without their own cadence follows it. */
  juergen = rapport_store_find_customer (fixture->store, "j.mueller@example.de", NULL);
  rapport_window_show_customer (fixture->window, juergen->id);
  WAIT_FOR_WIDGET (customer_page (fixture), shows_text, "Follows the customer type: every 30 days");
  g_assert_cmpint (rapport_store_get_effective_cadence (fixture->store, juergen->id), ==, 30);
}

/* A customer another app wrote with a country name for a code: the field
 * says it was kept as it came, and an edit of another field saves. */
static void
test_editor_keeps_outside_value (UiFixture     *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RapportCustomer) received = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  wait_for_count (fixture, 4);
  received->display_name = g_strdup ("Amélie Roux");
  received->country = g_strdup ("France");
  g_assert_true (rapport_store_add_received_customer (fixture->store, received, &error));
  g_assert_no_error (error);
  wait_for_count (fixture, 5);

  rapport_window_show_customer (fixture->window, received->id);
  page = customer_page (fixture);
  WAIT_FOR_WIDGET (page, shows_text, "Amélie Roux");
  g_assert_nonnull (find_widget (page, shows_text,
                                 "Kept as another app wrote it; typed here it would be refused: "
                                 "“France” is not an ISO 3166 country code (such as NG or DE)"));

  set_row (page, "Job Title", "Buyer");
  settle ();
  g_assert_true (gtk_widget_activate_action (page, "customer.save", NULL));
  settle ();
  g_assert_false (rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (page)));
  saved = rapport_store_get_customer (fixture->store, received->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->job_title, ==, "Buyer");
  g_assert_cmpstr (saved->country, ==, "France");
}

static void
test_customer_stay_in_touch_persists (UiFixture     *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(RapportCustomer) grace = NULL;
  GtkWidget *page;
  GtkSpinButton *spin;

  amara = rapport_store_find_customer (fixture->store, "amara@example.com", NULL);
  grace = rapport_store_find_customer (fixture->store, "grace@example.rw", NULL);
  rapport_window_show_customer (fixture->window, amara->id);
  page = customer_page (fixture);
  spin = wait_for_spin_in_row (page, "Stay in Touch");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 0);

  /* An edit like any other: unsaved until Save, then stored. */
  gtk_spin_button_set_value (spin, 14);
  g_assert_true (rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (page)));
  g_assert_cmpint (rapport_store_get_customer_cadence (fixture->store, amara->id), ==, 0);
  g_assert_true (gtk_widget_activate_action (page, "customer.save", NULL));
  g_assert_false (rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (page)));
  g_assert_cmpint (rapport_store_get_customer_cadence (fixture->store, amara->id), ==, 14);
  WAIT_FOR_WIDGET (page, shows_text, "A follow-up is proposed after 14 days without contact");

  /* Shown again after another customer. */
  rapport_window_show_customer (fixture->window, grace->id);
  WAIT_FOR_WIDGET (page, shows_text, "Grace Uwase");
  rapport_window_show_customer (fixture->window, amara->id);
  WAIT_FOR_WIDGET (page, shows_text, "Amara Okafor");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (wait_for_spin_in_row (page, "Stay in Touch")), ==, 14);
}

int
main (int   argc,
      char *argv[])
{
  /* The notices' catalogs as built, for the customer's language; set
   * before any thread starts. */
  if (g_getenv ("RAPPORT_NOTICES_LOCALEDIR") == NULL)
    {
      g_autofree char *builddir = g_getenv ("G_TEST_BUILDDIR") != NULL ? g_strdup (g_getenv ("G_TEST_BUILDDIR"))
                                                                      : g_path_get_dirname (argv[0]);
      g_autofree char *localedir = g_build_filename (builddir, "..", "po-notices", NULL);

      g_setenv ("RAPPORT_NOTICES_LOCALEDIR", localedir, TRUE);
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (rapport_get_resource ());
  {
    /* What AdwApplication does for the real program. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/rapportcrm/Rapport/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, filled, func) \
  g_test_add (path, UiFixture, GINT_TO_POINTER (filled), ui_set_up, func, ui_tear_down)

  ADD ("/ui/window/shows-the-customers", 1, test_window_shows_customers);
  ADD ("/ui/customers/search-narrows-the-list", 1, test_search_narrows);
  ADD ("/ui/customers/list-follows-the-store", 1, test_list_follows_the_store);
  ADD ("/ui/customers/first-run-offers-demo-data", 0, test_first_run_offers_a_start);
  ADD ("/ui/window/screenshot-is-not-blank", 1, test_screenshot_is_not_blank);
  ADD ("/ui/customer/editor-creates-a-customer", 1, test_editor_creates_customer);
  ADD ("/ui/customer/editor-refuses-a-bad-email", 1, test_editor_refuses_bad_email);
  ADD ("/ui/customer/editor-keeps-a-value-another-app-wrote", 1, test_editor_keeps_outside_value);
  ADD ("/ui/customers/import-a-vcard-file", 1, test_import_vcard_file);
  ADD ("/ui/customer/log-interaction-adds-a-timeline-row", 1, test_log_interaction_adds_timeline_row);
  ADD ("/ui/customer/delete-then-undo-restores", 1, test_delete_then_undo);
  ADD ("/ui/follow-ups/done-moves-it-and-undo-brings-it-back", 1, test_follow_up_done_moves);
  ADD ("/ui/follow-ups/no-customer-yet-then-assigned", 1, test_follow_up_unassigned_assigned);
  ADD ("/ui/customer/add-contract-from-the-page", 1, test_add_contract_from_the_page);
  ADD ("/ui/customer/edit-and-delete-an-interaction-with-undo", 1, test_edit_and_delete_an_interaction);
  ADD ("/ui/customer/delete-a-follow-up-with-undo", 1, test_delete_a_follow_up_with_undo);
  ADD ("/ui/renewals/notice-is-german-copied-and-marked-sent", 1, test_renewal_notice_copied_and_sent);
  ADD ("/ui/renewals/renewed-contract-closes-its-notice", 1, test_renewed_contract_closes_its_notice);
  ADD ("/ui/preferences/type-cadence-and-business-language-persist", 1, test_type_cadence_in_preferences_persists);
  ADD ("/ui/customer/stay-in-touch-persists", 1, test_customer_stay_in_touch_persists);

#undef ADD

  return g_test_run ();
}

/* rapport-screenshots.c
 *
 * Renders the real window on the demo data set, screen by screen, to PNG
 * files: for looking at every screen in light and dark, wide and narrow,
 * left-to-right and right-to-left, and for the screenshots the metainfo
 * shows. Run by build-aux/screenshots under Xvfb.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "rapport-demo.h"
#include "rapport-resources.h"
#include "rapport-store-private.h"
#include "rapport-window.h"

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static void
save (GtkWidget  *window,
      const char *dir,
      const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", dir, name);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  g_print ("%s\n", path);
}

static gint64
first_customer (RapportStore *store,
                const char   *ref)
{
  g_autoptr(RapportCustomer) customer = rapport_store_find_customer (store, ref, NULL);

  return customer != NULL ? customer->id : 0;
}

static void
shoot (RapportContext *context,
       const char     *dir,
       const char     *prefix,
       int             width,
       int             height)
{
  RapportWindow *window = g_object_new (RAPPORT_TYPE_WINDOW, "context", context, NULL);
  g_autofree char *name = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  settle (600);

  rapport_window_show_section (window, "customers");
  settle (300);
  name = g_strdup_printf ("%s-customers", prefix);
  save (GTK_WIDGET (window), dir, name);

  rapport_window_show_customer (window, first_customer (rapport_context_get_store (context), "amara.okafor@example.com"));
  settle (400);
  g_free (name);
  name = g_strdup_printf ("%s-customer", prefix);
  save (GTK_WIDGET (window), dir, name);

  rapport_window_show_customer (window, first_customer (rapport_context_get_store (context), "amelie@localhost"));
  settle (400);
  g_free (name);
  name = g_strdup_printf ("%s-customer-from-another-app", prefix);
  save (GTK_WIDGET (window), dir, name);

  rapport_window_show_customer (window, first_customer (rapport_context_get_store (context), "Kigali Coffee Ltd"));
  settle (400);
  g_free (name);
  name = g_strdup_printf ("%s-organization", prefix);
  save (GTK_WIDGET (window), dir, name);

  rapport_window_show_section (window, "follow-ups");
  settle (400);
  g_free (name);
  name = g_strdup_printf ("%s-follow-ups", prefix);
  save (GTK_WIDGET (window), dir, name);

  rapport_window_show_section (window, "renewals");
  settle (400);
  g_free (name);
  name = g_strdup_printf ("%s-renewals", prefix);
  save (GTK_WIDGET (window), dir, name);

  rapport_window_show_section (window, "cases");
  settle (400);
  g_free (name);
  name = g_strdup_printf ("%s-cases", prefix);
  save (GTK_WIDGET (window), dir, name);

  if (width < 600)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sections", NULL);
      settle (400);
      g_free (name);
      name = g_strdup_printf ("%s-sections", prefix);
      save (GTK_WIDGET (window), dir, name);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  settle (200);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportContext) context = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_dir = NULL;
  g_autofree char *db = NULL;
  const char *dir;

  if (argc < 2)
    {
      g_printerr ("Usage: %s OUTPUT-FOLDER [rtl]\n", argv[0]);
      return 2;
    }
  dir = argv[1];
  g_mkdir_with_parents (dir, 0755);

  gtk_init ();
  adw_init ();
  /* No transitions: a busy machine must not catch a screen half-drawn. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_nonnull (rapport_get_resource ());
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/rapportcrm/Rapport/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  if (argc > 2 && g_str_equal (argv[2], "rtl"))
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);

  db_dir = g_dir_make_tmp ("rapport-shots-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (db_dir, "demo.db", NULL);
  store = rapport_store_open (db, &error);
  g_assert_no_error (error);
  now = g_date_time_new_now_local ();
  if (!rapport_store_add_demo_data (store, now, &error))
    g_error ("%s", error->message);

  /* What a colleague's app puts on the server: a customer with values
   * Rapport would not take if typed, and a task that names no customer. */
  {
    g_autoptr(RapportCustomer) outside = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
    g_autoptr(RapportFollowUp) task = rapport_follow_up_new ();

    outside->display_name = g_strdup ("Amélie Roux");
    outside->given_name = g_strdup ("Amélie");
    outside->family_name = g_strdup ("Roux");
    outside->country = g_strdup ("France");
    rapport_customer_add_email (outside, "amelie@localhost", "work", TRUE);
    if (!rapport_store_add_received_customer (store, outside, &error))
      g_error ("%s", error->message);

    task->uid = g_strdup ("2f6c1d9e-screenshot@todoman");
    task->title = g_strdup ("Send the new price list to the trade fair contacts");
    task->due = g_date_time_to_unix (now) + 2 * 86400;
    task->time_zone = g_strdup ("Europe/Berlin");
    if (!rapport_store_add_received_follow_up (store, task, &error))
      g_error ("%s", error->message);
  }

  settings = g_settings_new ("io.github.rapportcrm.Rapport");
  context = rapport_context_new (store, settings);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  shoot (context, dir, "light-wide", 1280, 800);
  shoot (context, dir, "light-narrow", 360, 720);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shoot (context, dir, "dark-wide", 1280, 800);
  shoot (context, dir, "dark-narrow", 360, 720);

  return 0;
}

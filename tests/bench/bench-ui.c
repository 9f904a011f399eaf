/* bench-ui.c
 *
 * The UI benchmark of Rapport (issue "The desktop app", section
 * "Benchmark"); build-aux/bench-ui builds it and runs it under Xvfb.
 *
 * It runs the real application (RapportApplication with --db FILE, as
 * `rapport --db FILE` does) in this process and measures:
 *
 *  1. launch to first frame: from the start of the process (a timestamp
 *     the driver passes in BENCH_UI_START_NS, else the start time in
 *     /proc/self/stat) to the first "after-paint" of the window's frame
 *     clock that shows customer rows, with timestamps of the steps between;
 *  2. search: for each query, the entry holds all but its last character
 *     (and the list shows that search), then the last character is
 *     inserted the way a key press inserts it. From there: the
 *     GtkSearchEntry delay until "search-changed", the query until the list
 *     model's "items-changed", the list's handlers, and the next frame
 *     painted. Clearing the search (Backspace on one character) is timed
 *     the same way;
 *  3. peak memory (getrusage), at the first frame and at the end.
 *
 * Output: "key value" lines on stdout; --details FILE writes one line per
 * timed keystroke.
 */

#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "rapport-application.h"
#include "rapport-customer-list-model.h"
#include "rapport-customers-view.h"
#include "rapport-window.h"

/* Gives up on one step after this long. */
#define STEP_TIMEOUT_US (10 * G_USEC_PER_SEC)

/* The searches, each timed as the keystroke of its last character: names,
 * partial names, email addresses, organization words, spellings without
 * accents, the first keystroke of a search, and one that finds nothing.
 * The generator's seed 1 makes all but the last find customers. */
static const char *const queries[] = {
  "Müller",
  "Nguyễn Lan",
  "Okafor",
  "Jørgen Møller",
  "Beatriz Simões",
  "Schr",
  "Gonç",
  "Kowal",
  "Adeb",
  "Lemaî",
  "jorgen.moller919@mail.dk",
  "deepika.singh@reddy-reddy-traders.in",
  "llemaitre89757",
  "Brewery",
  "Logistics",
  "Consulting",
  "Traders",
  "muller",
  "nguyen",
  "goncalves",
  "wojcik",
  "lemaitre",
  "m",
  "s",
  "qzxv",
};

typedef struct
{
  double delay_ms;   /* keystroke -> "search-changed" */
  double query_ms;   /* "search-changed" -> the model's "items-changed" */
  double list_ms;    /* the handlers of "items-changed" */
  double frame_ms;   /* -> the next frame painted */
  double work_ms;    /* "search-changed" -> painted */
  double total_ms;   /* keystroke -> painted */
  guint  n_items;
  guint  n_rows;
  guint  n_made;     /* list items the model made for this keystroke */
} Sample;

typedef struct
{
  GApplication             *app;
  RapportWindow            *window;
  RapportCustomersView     *view;
  RapportCustomerListModel *model;
  GtkEditable              *entry;
  GtkWidget                *list_view;
  GdkFrameClock            *frame_clock;
  gboolean                  search;
  guint                     rounds;
  const char               *details_path;
  const char               *db_path;

  /* Launch, in monotonic microseconds. */
  guint give_up_source;
  gint64 start;
  gint64 t_main;
  gint64 t_startup;
  gint64 t_activate;
  gint64 t_window;
  gint64 t_activated;
  gint64 t_realize;
  gint64 t_map;
  gint64 t_first_paint;
  gint64 t_first_frame;
  const char *start_source;
  double proc_start_to_main_ms;
  guint first_frame_rows;
  guint first_frame_children;
  guint n_frames_before;
  long hwm_first_frame_kib;

  /* One timed keystroke. */
  gboolean measuring;
  gint64 t_key;
  gint64 t_search_changed;
  gint64 t_items_changed;
  gint64 t_items_handled;
  gint64 t_painted;
  guint n_made_before;

  GArray *samples;       /* Sample, typed keystrokes */
  GArray *clears;        /* Sample, Backspace to an empty search */
  GString *details;
  int status;
} Bench;

static Bench bench;

static double
ms (gint64 from,
    gint64 to)
{
  return (to - from) / 1000.0;
}

static gint64
clock_us (clockid_t id)
{
  struct timespec ts;

  clock_gettime (id, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The start of this process in monotonic microseconds, from the kernel:
 * field 22 of /proc/self/stat, clock ticks since boot. */
static gint64
proc_start_time (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  guint64 ticks;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return 0;
  /* The name in parentheses may hold spaces. */
  if ((after_name = strrchr (stat, ')')) == NULL)
    return 0;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* fields[0] is field 3 (state); starttime is field 22. */
  if (g_strv_length (fields) < 20)
    return 0;
  ticks = g_ascii_strtoull (fields[19], NULL, 10);

  return g_get_monotonic_time () - clock_us (CLOCK_BOOTTIME)
         + (gint64) (ticks * G_USEC_PER_SEC / (guint64) sysconf (_SC_CLK_TCK));
}

static void
find_start (void)
{
  const char *env = g_getenv ("BENCH_UI_START_NS");
  gint64 proc_start = proc_start_time ();

  if (proc_start != 0)
    bench.proc_start_to_main_ms = ms (proc_start, bench.t_main);

  if (env != NULL && *env != '\0')
    {
      /* Wall clock nanoseconds (date +%s%N) just before exec. */
      gint64 start_real = g_ascii_strtoll (env, NULL, 10) / 1000;

      bench.start = bench.t_main - (g_get_real_time () - start_real);
      bench.start_source = "driver timestamp before exec";
    }
  else if (proc_start != 0)
    {
      bench.start = proc_start;
      bench.start_source = "/proc/self/stat starttime";
    }
  else
    {
      bench.start = bench.t_main;
      bench.start_source = "main";
    }
}

static long
status_kib (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  if ((line = strstr (status, key)) == NULL)
    return -1;

  return strtol (line + strlen (key), NULL, 10);
}

static gboolean
is_type (GtkWidget *widget,
         gpointer   type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The customer search: the search entry on screen. */
static gboolean
is_mapped_search_entry (GtkWidget *widget,
                        gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_mapped (widget);
}

/* The list view that shows @model (through its selection model). */
static gboolean
is_list_of (GtkWidget *widget,
            gpointer   model)
{
  GtkSelectionModel *selection;

  if (!GTK_IS_LIST_VIEW (widget))
    return FALSE;
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (widget));

  return GTK_IS_SINGLE_SELECTION (selection) &&
         gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)) == model;
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *widget,
                                gpointer   data),
             gpointer   data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Rows of the list on screen: its children that are mapped and have a
 * size (the list view's rows are its direct children). */
static guint
count_rows (void)
{
  guint n = 0;

  if (bench.list_view == NULL || !gtk_widget_get_mapped (bench.list_view))
    return 0;

  for (GtkWidget *child = gtk_widget_get_first_child (bench.list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_height (child) > 0)
      n++;

  return n;
}

static gboolean
find_widgets (void)
{
  if (bench.view != NULL)
    return TRUE;

  bench.view = (RapportCustomersView *) find_widget (GTK_WIDGET (bench.window), is_type,
                                                     GSIZE_TO_POINTER (RAPPORT_TYPE_CUSTOMERS_VIEW));
  if (bench.view == NULL)
    return FALSE;

  bench.model = rapport_customers_view_get_model (bench.view);
  bench.entry = GTK_EDITABLE (find_widget (GTK_WIDGET (bench.view), is_mapped_search_entry, NULL));
  bench.list_view = find_widget (GTK_WIDGET (bench.view), is_list_of, bench.model);

  return bench.model != NULL && bench.entry != NULL && bench.list_view != NULL;
}

static gboolean run_searches (gpointer data);

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (bench.t_first_paint == 0)
    bench.t_first_paint = now;

  if (bench.t_first_frame == 0)
    {
      guint rows;

      if (!find_widgets ())
        {
          bench.n_frames_before++;
          return;
        }
      rows = count_rows ();
      if (rows == 0 || g_list_model_get_n_items (G_LIST_MODEL (bench.model)) == 0)
        {
          bench.n_frames_before++;
          return;
        }

      bench.t_first_frame = now;
      g_clear_handle_id (&bench.give_up_source, g_source_remove);
      bench.first_frame_rows = rows;
      for (GtkWidget *child = gtk_widget_get_first_child (bench.list_view);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        bench.first_frame_children++;
      bench.hwm_first_frame_kib = status_kib ("VmHWM:");
      g_idle_add_full (G_PRIORITY_LOW, run_searches, NULL, NULL);
      return;
    }

  if (bench.measuring && bench.t_items_handled != 0 && bench.t_painted == 0)
    bench.t_painted = now;
}

static void
window_realize_cb (GtkWidget *window,
                   gpointer   data)
{
  bench.t_realize = g_get_monotonic_time ();
  bench.frame_clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (bench.frame_clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static void
window_map_cb (GtkWidget *window,
               gpointer   data)
{
  if (bench.t_map == 0)
    bench.t_map = g_get_monotonic_time ();
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        data)
{
  if (bench.window != NULL || !RAPPORT_IS_WINDOW (window))
    return;

  bench.t_window = g_get_monotonic_time ();
  bench.window = RAPPORT_WINDOW (window);
  g_signal_connect_after (window, "realize", G_CALLBACK (window_realize_cb), NULL);
  g_signal_connect_after (window, "map", G_CALLBACK (window_map_cb), NULL);
}

static void
startup_cb (GApplication *app,
            gpointer      data)
{
  bench.t_startup = g_get_monotonic_time ();
}

static void
activate_cb (GApplication *app,
             gpointer      data)
{
  bench.t_activate = g_get_monotonic_time ();
}

static void
activated_cb (GApplication *app,
              gpointer      data)
{
  bench.t_activated = g_get_monotonic_time ();
  if (bench.window == NULL)
    {
      g_printerr ("bench-ui: the application opened no Rapport window\n");
      bench.status = 1;
      g_application_quit (app);
    }
}

/* Emission hooks run before any handler: the view's own handlers of
 * "search-changed" (which runs the query) and of "items-changed" come
 * after these. */
static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_params,
                     const GValue          *params,
                     gpointer               data)
{
  if (bench.measuring && bench.t_search_changed == 0 &&
      g_value_get_object (&params[0]) == (gpointer) bench.entry)
    bench.t_search_changed = g_get_monotonic_time ();

  return TRUE;
}

static gboolean
items_changed_hook (GSignalInvocationHint *hint,
                    guint                  n_params,
                    const GValue          *params,
                    gpointer               data)
{
  if (bench.measuring && bench.t_items_changed == 0 &&
      g_value_get_object (&params[0]) == (gpointer) bench.model)
    bench.t_items_changed = g_get_monotonic_time ();

  return TRUE;
}

/* Connected last: runs after the selection, the list view and the view. */
static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  if (bench.measuring && bench.t_items_handled == 0)
    {
      bench.t_items_handled = g_get_monotonic_time ();
      /* The frame that shows the new list. */
      gdk_frame_clock_request_phase (bench.frame_clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
}

/* Runs after the view's own handler (which runs the query): when the
 * results are the same customers in the same order the model says
 * nothing, and the step is done at the next frame. */
static void
search_handled_cb (GtkSearchEntry *entry,
                   gpointer        data)
{
  if (bench.measuring && bench.t_items_handled == 0)
    {
      bench.t_items_changed = bench.t_items_handled = g_get_monotonic_time ();
      gdk_frame_clock_request_phase (bench.frame_clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@flag is set, or @timeout_us passed. */
static gboolean
wait_for (gint64     *flag,
          gint64      timeout_us)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add ((guint) (timeout_us / 1000), timeout_cb, &expired);

  while (*flag == 0 && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (source);

  return *flag != 0;
}

/* Runs the main loop for @ms milliseconds. */
static void
settle (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static void
begin_step (void)
{
  bench.measuring = TRUE;
  bench.t_search_changed = 0;
  bench.t_items_changed = 0;
  bench.t_items_handled = 0;
  bench.t_painted = 0;
  bench.n_made_before = rapport_customer_list_model_get_n_made (bench.model);
}

/* Sets the text without timing it, and waits until the list shows it. */
static void
set_search (const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (bench.entry), text) == 0)
    return;

  begin_step ();
  gtk_editable_set_text (bench.entry, text);
  gtk_editable_set_position (bench.entry, -1);
  wait_for (&bench.t_painted, STEP_TIMEOUT_US);
  bench.measuring = FALSE;
  /* Rows made, idle work done. */
  settle (150);
}

static gboolean
finish_step (const char *label,
             const char *text,
             GArray     *into)
{
  Sample sample = { 0 };

  if (!wait_for (&bench.t_painted, STEP_TIMEOUT_US))
    {
      g_printerr ("bench-ui: no frame after searching for \"%s\" (search-changed %s, items-changed %s)\n", text,
                  bench.t_search_changed != 0 ? "seen" : "not seen", bench.t_items_handled != 0 ? "seen" : "not seen");
      bench.measuring = FALSE;
      return FALSE;
    }
  bench.measuring = FALSE;

  if (bench.t_items_changed == 0)
    bench.t_items_changed = bench.t_items_handled;
  sample.delay_ms = ms (bench.t_key, bench.t_search_changed);
  sample.query_ms = ms (bench.t_search_changed, bench.t_items_changed);
  sample.list_ms = ms (bench.t_items_changed, bench.t_items_handled);
  sample.frame_ms = ms (bench.t_items_handled, bench.t_painted);
  sample.work_ms = ms (bench.t_search_changed, bench.t_painted);
  sample.total_ms = ms (bench.t_key, bench.t_painted);
  sample.n_items = g_list_model_get_n_items (G_LIST_MODEL (bench.model));
  sample.n_rows = count_rows ();
  sample.n_made = rapport_customer_list_model_get_n_made (bench.model) - bench.n_made_before;
  g_array_append_val (into, sample);

  g_string_append_printf (bench.details, "%s\t%s\t%u\t%u\t%u\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\n",
                          label, text, sample.n_items, sample.n_rows, sample.n_made, sample.delay_ms, sample.query_ms,
                          sample.list_ms, sample.frame_ms, sample.work_ms, sample.total_ms);
  return TRUE;
}

/* The entry holds @query without its last character; a key press adds it. */
static gboolean
time_keystroke (const char *query)
{
  const char *last = g_utf8_prev_char (query + strlen (query));
  g_autofree char *prefix = g_strndup (query, last - query);
  GtkEditable *text = gtk_editable_get_delegate (bench.entry);
  int position;

  set_search (prefix);
  settle (50);

  /* What GtkText does with a committed character. */
  begin_step ();
  bench.t_key = g_get_monotonic_time ();
  position = gtk_editable_get_position (text);
  gtk_editable_insert_text (text, last, -1, &position);
  gtk_editable_set_position (text, position);

  return finish_step ("type", query, bench.samples);
}

/* One character in the entry; Backspace deletes it. */
static gboolean
time_clear (const char *query)
{
  g_autofree char *first = g_strndup (query, g_utf8_next_char (query) - query);
  GtkEditable *text = gtk_editable_get_delegate (bench.entry);

  set_search (first);
  settle (50);

  begin_step ();
  bench.t_key = g_get_monotonic_time ();
  gtk_editable_delete_text (text, 0, -1);

  return finish_step ("clear", query, bench.clears);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint rank;

  if (values->len == 0)
    return 0;

  rank = (guint) (p * values->len + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > values->len)
    rank = values->len;

  return g_array_index (values, double, rank - 1);
}

static void
print_stat (const char *name,
            GArray     *samples,
            gsize       offset)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *sample = &g_array_index (samples, Sample, i);
      double value = *(const double *) ((const char *) sample + offset);

      g_array_append_val (values, value);
    }
  g_array_sort (values, compare_doubles);

  g_print ("%s_p50_ms %.2f\n", name, percentile (values, 0.50));
  g_print ("%s_p95_ms %.2f\n", name, percentile (values, 0.95));
  g_print ("%s_max_ms %.2f\n", name, values->len > 0 ? g_array_index (values, double, values->len - 1) : 0);
}

static void
print_samples (const char *prefix,
               GArray     *samples)
{
  static const struct {
    const char *name;
    gsize       offset;
  } fields[] = {
    { "total", G_STRUCT_OFFSET (Sample, total_ms) },
    { "delay", G_STRUCT_OFFSET (Sample, delay_ms) },
    { "work", G_STRUCT_OFFSET (Sample, work_ms) },
    { "query", G_STRUCT_OFFSET (Sample, query_ms) },
    { "list", G_STRUCT_OFFSET (Sample, list_ms) },
    { "frame", G_STRUCT_OFFSET (Sample, frame_ms) },
  };

  g_print ("%s_keystrokes %u\n", prefix, samples->len);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%s", prefix, fields[i].name);

      print_stat (name, samples, fields[i].offset);
    }
}

static void
print_launch (void)
{
  g_print ("launch_start_source %s\n", bench.start_source);
  g_print ("first_frame_ms %.1f\n", ms (bench.start, bench.t_first_frame));
  g_print ("first_paint_ms %.1f\n", ms (bench.start, bench.t_first_paint));
  g_print ("first_frame_rows %u\n", bench.first_frame_rows);
  g_print ("first_frame_frames_before %u\n", bench.n_frames_before);
  if (bench.proc_start_to_main_ms > 0)
    g_print ("launch_proc_start_to_main_ms %.1f\n", bench.proc_start_to_main_ms);
  /* When each step ended, from the start of the process. */
  g_print ("launch_at_main_ms %.1f\n", ms (bench.start, bench.t_main));
  g_print ("launch_at_startup_ms %.1f\n", ms (bench.start, bench.t_startup));
  g_print ("launch_at_activate_ms %.1f\n", ms (bench.start, bench.t_activate));
  g_print ("launch_at_window_built_ms %.1f\n", ms (bench.start, bench.t_window));
  g_print ("launch_at_realize_ms %.1f\n", ms (bench.start, bench.t_realize));
  g_print ("launch_at_presented_ms %.1f\n", ms (bench.start, bench.t_activated));
  g_print ("launch_at_map_ms %.1f\n", ms (bench.start, bench.t_map));
  g_print ("launch_at_first_paint_ms %.1f\n", ms (bench.start, bench.t_first_paint));
  g_print ("launch_list_rows_made %u\n", bench.first_frame_children);
  g_print ("launch_customers %u\n", rapport_customer_list_model_get_total (bench.model));
}

/* The launch's main costs measured again on their own, warm: opening the
 * store and the customer list's first query. */
static void
print_parts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomerListModel) model = NULL;
  gint64 t0, t1, t2;

  t0 = g_get_monotonic_time ();
  store = rapport_store_open (bench.db_path, &error);
  t1 = g_get_monotonic_time ();
  if (store == NULL)
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return;
    }
  model = rapport_customer_list_model_new (store);
  t2 = g_get_monotonic_time ();

  g_print ("part_store_open_ms %.1f\n", ms (t0, t1));
  g_print ("part_list_model_new_ms %.1f\n", ms (t1, t2));
}

static gboolean
run_searches (gpointer data)
{
  struct rusage usage;

  print_launch ();
  g_print ("rss_first_frame_kib %ld\n", bench.hwm_first_frame_kib);

  if (bench.search)
    {
      guint delay = gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (bench.entry));
      gboolean ok = TRUE;

      g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                                  search_changed_hook, NULL, NULL);
      g_signal_add_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL), 0,
                                  items_changed_hook, NULL, NULL);
      g_signal_connect (bench.model, "items-changed", G_CALLBACK (items_changed_cb), NULL);
      g_signal_connect_after (bench.entry, "search-changed", G_CALLBACK (search_handled_cb), NULL);

      settle (300);
      for (guint round = 0; round < bench.rounds && ok; round++)
        {
          for (guint i = 0; i < G_N_ELEMENTS (queries) && ok; i++)
            ok = time_keystroke (queries[i]);
          ok = ok && time_clear ("Müller");
        }

      g_print ("search_entry_delay_setting_ms %u\n", delay);
      g_print ("search_queries %u\n", (guint) G_N_ELEMENTS (queries));
      g_print ("search_rounds %u\n", bench.rounds);
      if (bench.samples->len > 0)
        {
          const Sample *first = &g_array_index (bench.samples, Sample, 0);

          g_print ("search_first_total_ms %.2f\n", first->total_ms);
          g_print ("search_first_work_ms %.2f\n", first->work_ms);
        }
      print_samples ("search", bench.samples);
      print_samples ("clear", bench.clears);
      if (!ok)
        bench.status = 1;
    }

  print_parts ();

  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak_rss_kib %ld\n", usage.ru_maxrss);

  if (bench.details_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_string_prepend (bench.details,
                        "kind\tquery\titems\trows\tmade\tdelay_ms\tquery_ms\tlist_ms\tframe_ms\twork_ms\ttotal_ms\n");
      if (!g_file_set_contents (bench.details_path, bench.details->str, bench.details->len, &error))
        g_printerr ("bench-ui: %s\n", error->message);
    }

  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_application_quit (bench.app);

  return G_SOURCE_REMOVE;
}

static gboolean
give_up_cb (gpointer data)
{
  g_printerr ("bench-ui: no frame with customer rows after 60 s (window %s, %s painted, "
              "customers view %s, %u items, %u rows)\n",
              bench.window != NULL ? "made" : "not made", bench.t_first_paint != 0 ? "a frame" : "nothing",
              bench.view != NULL ? "found" : "not found",
              bench.model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (bench.model)) : 0, count_rows ());
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(RapportApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *details = NULL;
  gboolean launch_only = FALSE;
  int rounds = 3;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The customer database (required)", "FILE" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Times each search is timed (3)", "N" },
    { "launch-only", 0, 0, G_OPTION_ARG_NONE, &launch_only, "Measure the launch, not the search", NULL },
    { "details", 0, 0, G_OPTION_ARG_FILENAME, &details, "Write each timed keystroke to FILE", "FILE" },
    { NULL }
  };
  char *app_argv[] = { (char *) "rapport", (char *) "--db", NULL, NULL };

  bench.t_main = g_get_monotonic_time ();
  find_start ();

  /* As the real program's main(). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  options = g_option_context_new ("- the UI benchmark of Rapport");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 2;
    }
  if (db == NULL || rounds < 1)
    {
      g_printerr ("bench-ui: give --db FILE (and --rounds of 1 or more)\n");
      return 2;
    }

  bench.search = !launch_only;
  bench.rounds = (guint) rounds;
  bench.details_path = details;
  bench.db_path = db;
  bench.samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  bench.clears = g_array_new (FALSE, TRUE, sizeof (Sample));
  bench.details = g_string_new (NULL);

  app = rapport_application_new ();
  bench.app = G_APPLICATION (app);
  g_signal_connect (app, "startup", G_CALLBACK (startup_cb), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  bench.give_up_source = g_timeout_add_seconds (60, give_up_cb, NULL);

  app_argv[2] = db;
  if (g_application_run (G_APPLICATION (app), 3, app_argv) != 0 && bench.status == 0)
    bench.status = 1;

  if (bench.t_first_frame == 0)
    {
      g_printerr ("bench-ui: the window never showed customer rows\n");
      bench.status = 1;
    }

  g_array_unref (bench.samples);
  g_array_unref (bench.clears);
  g_string_free (bench.details, TRUE);

  return bench.status;
}

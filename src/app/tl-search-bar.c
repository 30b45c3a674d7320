/* tl-search-bar.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search runs on the main thread as the user types: a search of a
 * million spans takes tens of milliseconds (tl-span-search.h), and the
 * entry waits for a pause in the typing before it asks.  The session
 * holds the search, the timeline draws it; the bar keeps only which
 * match is shown.
 */
#define G_LOG_DOMAIN "tl-search-bar"

#include "config.h"

#include "tl-describe.h"
#include "tl-search-bar.h"

/* A match much narrower than the view is centred in it; a wider one is
 * zoomed to. */
#define CENTRE_BELOW 0.8

struct _TlSearchBar
{
  GtkWidget       parent_instance;

  TlSession      *session;
  guint           current;       /* the match shown, G_MAXUINT for none */
  char           *count_text;

  GtkRevealer    *revealer;
  GtkSearchEntry *entry;
  GtkLabel       *count_label;
  GtkWidget      *previous_button;
  GtkWidget      *next_button;
};

G_DEFINE_FINAL_TYPE (TlSearchBar, tl_search_bar, GTK_TYPE_WIDGET)

static guint
n_matches (TlSearchBar *self)
{
  const TlSpanSearch *search = self->session != NULL ? tl_session_get_search (self->session) : NULL;

  return search != NULL ? tl_span_search_get_n_matches (search) : 0;
}

/* Hidden, the bar takes no room at all (a revealer keeps its child's
 * width): a narrow window stays as narrow. */
static void
reveal (TlSearchBar *self,
        gboolean     shown)
{
  if (shown)
    gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, shown);
}

static void
child_revealed_cb (TlSearchBar *self)
{
  if (!gtk_revealer_get_child_revealed (self->revealer) && !gtk_revealer_get_reveal_child (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
update_count (TlSearchBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint n = n_matches (self);
  gboolean searched = text[0] != '\0' && self->session != NULL &&
                      tl_session_get_search (self->session) != NULL;

  g_free (self->count_text);
  self->count_text = searched ? tl_describe_search_count (self->current, n) : g_strdup ("");
  gtk_label_set_label (self->count_label, self->count_text);
  gtk_widget_set_sensitive (self->previous_button, n > 0);
  gtk_widget_set_sensitive (self->next_button, n > 0);
  if (searched && n == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

/* Searches the session's model for the entry's text; @keep: the match
 * shown stays, if there still is one (the model grew). */
static void
search (TlSearchBar *self,
        gboolean     keep)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  TlTraceModel *model = self->session != NULL ? tl_session_get_model (self->session) : NULL;

  if (self->session == NULL)
    return;
  if (!keep)
    self->current = G_MAXUINT;
  if (model == NULL || text[0] == '\0' || !gtk_revealer_get_reveal_child (self->revealer))
    tl_session_set_search (self->session, NULL);
  else
    tl_session_set_search (self->session, tl_span_search_new (model, text));
  if (self->current >= n_matches (self))
    self->current = G_MAXUINT;
  update_count (self);
}

/* Whether the session's search is of @text in the model as it is. */
static gboolean
is_searched (TlSearchBar *self,
             const char  *text)
{
  const TlSpanSearch *current = tl_session_get_search (self->session);
  TlTraceModel *model = tl_session_get_model (self->session);

  return current != NULL && model != NULL && tl_span_search_get_model (current) == model &&
         tl_span_search_get_generation (current) == tl_trace_model_get_generation (model) &&
         g_str_equal (tl_span_search_get_text (current), text);
}

/* The entry says so a moment after the text changed: it may be searched
 * already (tl_search_bar_set_text ()). */
static void
search_changed_cb (TlSearchBar *self)
{
  if (self->session != NULL && is_searched (self, gtk_editable_get_text (GTK_EDITABLE (self->entry))))
    return;
  search (self, FALSE);
}

static void
model_changed_cb (TlSearchBar *self)
{
  if (gtk_revealer_get_reveal_child (self->revealer))
    search (self, TRUE);
}

static const TlSpan *
match_span (TlTraceModel    *model,
            const TlItemRef *ref)
{
  const TlSpan *spans;
  guint n;

  spans = tl_lane_get_spans (tl_trace_model_get_lane (model, ref->lane), ref->track, &n);
  return ref->index < n ? &spans[ref->index] : NULL;
}

/* Selects a match, and brings it into view: centred if it is much
 * narrower than the view, zoomed to if not. */
static void
show_match (TlSearchBar *self,
            guint        index)
{
  const TlSpanSearch *search = tl_session_get_search (self->session);
  const TlItemRef *matches;
  const TlSpan *span;
  gint64 t0, t1, width;
  guint n;

  matches = tl_span_search_get_matches (search, &n);
  g_return_if_fail (index < n);
  self->current = index;
  tl_session_set_selection (self->session, &matches[index]);
  span = match_span (tl_session_get_model (self->session), &matches[index]);
  tl_session_get_visible (self->session, &t0, &t1);
  width = t1 - t0;
  if (span != NULL && (span->start < t0 || span->end > t1))
    {
      tl_session_set_follow (self->session, FALSE);
      if (span->end - span->start < width * CENTRE_BELOW)
        {
          gint64 middle = span->start + (span->end - span->start) / 2;

          tl_session_set_visible (self->session, middle - width / 2, middle + width - width / 2);
        }
      else
        {
          tl_session_zoom_to_selection (self->session);
        }
    }
  update_count (self);
}

void
tl_search_bar_step (TlSearchBar *self,
                    int          direction)
{
  const TlSpanSearch *search;
  guint n, index;
  gint64 t0, t1;

  g_return_if_fail (TL_IS_SEARCH_BAR (self));

  if (self->session == NULL || (search = tl_session_get_search (self->session)) == NULL ||
      (n = tl_span_search_get_n_matches (search)) == 0)
    return;
  if (self->current < n)
    {
      index = direction > 0 ? (self->current + 1) % n : (self->current + n - 1) % n;
    }
  else
    {
      /* From what is in view: the first match in it, or the last. */
      tl_session_get_visible (self->session, &t0, &t1);
      index = direction > 0 ? tl_span_search_find (search, t0 - 1, 1) : tl_span_search_find (search, t1 + 1, -1);
      if (index == G_MAXUINT)
        index = direction > 0 ? 0 : n - 1;
    }
  show_match (self, index);
}

static void
next_cb (TlSearchBar *self)
{
  tl_search_bar_step (self, 1);
}

static void
previous_cb (TlSearchBar *self)
{
  tl_search_bar_step (self, -1);
}

static gboolean
previous_key_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  tl_search_bar_step (TL_SEARCH_BAR (widget), -1);
  return TRUE;
}

void
tl_search_bar_start (TlSearchBar *self)
{
  g_return_if_fail (TL_IS_SEARCH_BAR (self));

  reveal (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  /* Back after a stop: what it found shows again. */
  if (self->session != NULL && tl_session_get_search (self->session) == NULL)
    search (self, FALSE);
}

void
tl_search_bar_stop (TlSearchBar *self)
{
  g_return_if_fail (TL_IS_SEARCH_BAR (self));

  if (!gtk_revealer_get_reveal_child (self->revealer))
    return;
  reveal (self, FALSE);
  self->current = G_MAXUINT;
  if (self->session != NULL)
    tl_session_set_search (self->session, NULL);
  update_count (self);
}

gboolean
tl_search_bar_get_active (TlSearchBar *self)
{
  g_return_val_if_fail (TL_IS_SEARCH_BAR (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

void
tl_search_bar_set_text (TlSearchBar *self,
                        const char  *text)
{
  g_return_if_fail (TL_IS_SEARCH_BAR (self));

  reveal (self, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
  search (self, FALSE);
}

guint
tl_search_bar_get_current (TlSearchBar *self)
{
  g_return_val_if_fail (TL_IS_SEARCH_BAR (self), G_MAXUINT);
  return self->current;
}

const char *
tl_search_bar_get_count_text (TlSearchBar *self)
{
  g_return_val_if_fail (TL_IS_SEARCH_BAR (self), NULL);
  return self->count_text;
}

void
tl_search_bar_set_session (TlSearchBar *self,
                           TlSession   *session)
{
  g_return_if_fail (TL_IS_SEARCH_BAR (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "model-changed", G_CALLBACK (model_changed_cb), self,
                             G_CONNECT_SWAPPED);
  search (self, FALSE);
}

static void
tl_search_bar_dispose (GObject *object)
{
  TlSearchBar *self = TL_SEARCH_BAR (object);
  GtkWidget *child;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->count_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_SEARCH_BAR);
  /* GTK 4.8 leaves unbound template children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_search_bar_parent_class)->dispose (object);
}

static void
tl_search_bar_class_init (TlSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_search_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-search-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TlSearchBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, TlSearchBar, entry);
  gtk_widget_class_bind_template_child (widget_class, TlSearchBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, TlSearchBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, TlSearchBar, next_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, tl_search_bar_stop);

  /* Enter is the entry's own (the next match); Shift+Enter goes back. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_SHIFT_MASK, previous_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_SHIFT_MASK, previous_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Enter, GDK_SHIFT_MASK, previous_key_cb, NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchbar");
}

static void
tl_search_bar_init (TlSearchBar *self)
{
  self->current = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->revealer, "notify::child-revealed", G_CALLBACK (child_revealed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  update_count (self);
}

/* tl-question-card.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-question"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-question-card.h"

struct _TlQuestionCard
{
  GtkWidget        parent_instance;

  TlQuestionDeck  *deck;
  GPtrArray       *choices;     /* GtkLabel, in choices_box (a flow box) */

  /* Template children. */
  GtkWidget       *box;
  GtkLabel        *ask_label;
  GtkWidget       *choices_box;
  GtkLabel        *answer_label;
  GtkLabel        *explain_label;
  GtkLabel        *hint_label;
};

G_DEFINE_FINAL_TYPE (TlQuestionCard, tl_question_card, GTK_TYPE_WIDGET)

static void
clear_choices (TlQuestionCard *self)
{
  for (guint i = 0; i < self->choices->len; i++)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->choices_box), g_ptr_array_index (self->choices, i));
  g_ptr_array_set_size (self->choices, 0);
}

/* "1  ForkPoolWorker-2", with what it is once revealed: the answer, or
 * the class's guess when that was wrong. */
static void
show_choices (TlQuestionCard *self,
              gboolean        revealed)
{
  g_auto(GStrv) choices = tl_question_deck_dup_choices (self->deck);
  int right = revealed ? tl_question_deck_get_right_choice (self->deck) : -1;
  int guess = tl_question_deck_get_guess (self->deck);

  clear_choices (self);
  for (int i = 0; choices[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (i == right)
        text = g_strdup_printf ("%d  %s  ✓", i + 1, choices[i]);
      else
        text = g_strdup_printf ("%d  %s", i + 1, choices[i]);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
      gtk_widget_add_css_class (label, "question-choice");
      if (i == guess)
        gtk_widget_add_css_class (label, "guess");
      if (i == right)
        gtk_widget_add_css_class (label, "right");
      else if (revealed && i == guess)
        gtk_widget_add_css_class (label, "wrong");
      gtk_flow_box_append (GTK_FLOW_BOX (self->choices_box), label);
      g_ptr_array_add (self->choices, label);
    }
  gtk_widget_set_visible (self->choices_box, self->choices->len > 0);
}

static void show_hint (TlQuestionCard *self);

static void
update (TlQuestionCard *self)
{
  TlQuestionState state = self->deck != NULL ? tl_question_deck_get_state (self->deck) : TL_QUESTION_NONE;
  gboolean revealed = state == TL_QUESTION_REVEALED;
  g_autofree char *ask = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *answer_line = NULL;
  g_autofree char *explain = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), state != TL_QUESTION_NONE);
  if (state == TL_QUESTION_NONE)
    {
      clear_choices (self);
      return;
    }
  ask = tl_question_deck_dup_ask (self->deck);
  gtk_label_set_label (self->ask_label, ask);
  show_choices (self, revealed);

  if (revealed)
    {
      answer = tl_question_deck_dup_answer (self->deck);
      explain = tl_question_deck_dup_explain (self->deck);
      /* TRANSLATORS: what the run did, shown under a question */
      answer_line = g_strdup_printf (_("Answer: %s"), answer);
    }
  gtk_label_set_label (self->answer_label, answer_line != NULL ? answer_line : "");
  gtk_widget_set_visible (GTK_WIDGET (self->answer_label), revealed);
  gtk_label_set_label (self->explain_label, explain != NULL ? explain : "");
  gtk_widget_set_visible (GTK_WIDGET (self->explain_label), explain != NULL);
  gtk_label_set_label (self->hint_label,
                       revealed ? _("Return: go on")
                                : self->choices->len > 0 ? _("A number: the class's guess · Return: the answer")
                                                         : _("Return: the answer"));
  show_hint (self);
}

/* The keys are the presenter's, who knows them: on a projector the line
 * would only cover more of the lanes the question is about. */
static void
show_hint (TlQuestionCard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self->hint_label),
                          root == NULL || !gtk_widget_has_css_class (GTK_WIDGET (root), "presentation"));
}

static void
tl_question_card_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (tl_question_card_parent_class)->css_changed (widget, change);
  show_hint (TL_QUESTION_CARD (widget));
}

static void
tl_question_card_dispose (GObject *object)
{
  TlQuestionCard *self = (TlQuestionCard *) object;

  if (self->deck != NULL)
    g_signal_handlers_disconnect_by_data (self->deck, self);
  g_clear_object (&self->deck);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_QUESTION_CARD);

  G_OBJECT_CLASS (tl_question_card_parent_class)->dispose (object);
}

static void
tl_question_card_finalize (GObject *object)
{
  TlQuestionCard *self = (TlQuestionCard *) object;

  g_ptr_array_unref (self->choices);

  G_OBJECT_CLASS (tl_question_card_parent_class)->finalize (object);
}

static void
tl_question_card_class_init (TlQuestionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_question_card_dispose;
  object_class->finalize = tl_question_card_finalize;
  widget_class->css_changed = tl_question_card_css_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-question-card.ui");
  gtk_widget_class_bind_template_child (widget_class, TlQuestionCard, box);
  gtk_widget_class_bind_template_child (widget_class, TlQuestionCard, ask_label);
  gtk_widget_class_bind_template_child (widget_class, TlQuestionCard, choices_box);
  gtk_widget_class_bind_template_child (widget_class, TlQuestionCard, answer_label);
  gtk_widget_class_bind_template_child (widget_class, TlQuestionCard, explain_label);
  gtk_widget_class_bind_template_child (widget_class, TlQuestionCard, hint_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "questioncard");
}

static void
tl_question_card_init (TlQuestionCard *self)
{
  self->choices = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tl_question_card_set_deck (TlQuestionCard *self,
                           TlQuestionDeck *deck)
{
  g_return_if_fail (TL_IS_QUESTION_CARD (self));
  g_return_if_fail (deck == NULL || TL_IS_QUESTION_DECK (deck));

  if (self->deck != NULL)
    g_signal_handlers_disconnect_by_data (self->deck, self);
  g_set_object (&self->deck, deck);
  if (deck != NULL)
    g_signal_connect_object (deck, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
tl_question_card_get_ask (TlQuestionCard *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_CARD (self), NULL);
  return gtk_label_get_label (self->ask_label);
}

guint
tl_question_card_get_n_choices (TlQuestionCard *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_CARD (self), 0);
  return self->choices->len;
}

GtkLabel *
tl_question_card_get_choice (TlQuestionCard *self,
                             guint           index)
{
  g_return_val_if_fail (TL_IS_QUESTION_CARD (self), NULL);
  g_return_val_if_fail (index < self->choices->len, NULL);
  return g_ptr_array_index (self->choices, index);
}

const char *
tl_question_card_get_answer (TlQuestionCard *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_CARD (self), NULL);
  return gtk_label_get_label (self->answer_label);
}

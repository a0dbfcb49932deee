"""Smart triage: a learned classifier trained on this desk's resolved tickets (features, model,
train, store), similar tickets (similar.py: duplicates while typing and on intake) and the agent's
suggested reply (reply.py). scikit-learn is imported only by train.py, when a model is trained:
predicting needs numpy alone, and nothing here is imported at the console's start-up."""

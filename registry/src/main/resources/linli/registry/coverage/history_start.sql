SELECT registry_history_start()

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>RunLabels</name>
    <message>
        <source>queued</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>running</source>
        <translation>학습 중</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>Prompt Tuning</source>
        <translation>프롬프트 튜닝</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>Full fine-tuning</source>
        <translation>전체 미세조정</translation>
    </message>
    <message>
        <source>Prefix tuning</source>
        <translation>프리픽스 튜닝</translation>
    </message>
    <message>
        <source>IA3</source>
        <translation>IA3</translation>
    </message>
    <message>
        <source>DoRA</source>
        <translation>DoRA</translation>
    </message>
    <message>
        <source>BitFit</source>
        <translation>BitFit</translation>
    </message>
    <message>
        <source>Last N layers</source>
        <translation>마지막 N개 레이어</translation>
    </message>
</context>
<context>
    <name>WizardFieldLabels</name>
    <message>
        <source>run name</source>
        <translation>실행 이름</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>랭크</translation>
    </message>
    <message>
        <source>alpha</source>
        <translation>알파</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>target layers</source>
        <translation>대상 레이어</translation>
    </message>
    <message>
        <source>rsLoRA scaling</source>
        <translation>rsLoRA 스케일링</translation>
    </message>
    <message>
        <source>virtual tokens</source>
        <translation>가상 토큰</translation>
    </message>
    <message>
        <source>initialisation</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>init text</source>
        <translation>초기화 텍스트</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>실행 %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Experiment name</source>
        <translation>실험 이름</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>베이스 모델</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Max length (dataset page)</source>
        <translation>최대 길이(데이터셋 페이지)</translation>
    </message>
    <message>
        <source>Validation fraction</source>
        <translation>검증 비율</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>테스트 비율</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝 수</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>그래디언트 누적</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>가중치 감쇠</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>학습률 스케줄</translation>
    </message>
    <message>
        <source>Warmup steps</source>
        <translation>워밍업 스텝</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>그래디언트 클리핑</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>평가 간격</translation>
    </message>
    <message>
        <source>Evaluation examples</source>
        <translation>평가 예제 수</translation>
    </message>
    <message>
        <source>Early stopping patience</source>
        <translation>조기 종료 인내 횟수</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>스레드</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>반복 횟수</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>per-layer rank</source>
        <translation>레이어별 랭크</translation>
    </message>
    <message>
        <source>prefix length</source>
        <translation>프리픽스 길이</translation>
    </message>
    <message>
        <source>projection MLP</source>
        <translation>투영 MLP</translation>
    </message>
    <message>
        <source>projection width</source>
        <translation>투영 너비</translation>
    </message>
    <message>
        <source>scaled layers</source>
        <translation>스케일 레이어</translation>
    </message>
    <message>
        <source>norms&apos; weights</source>
        <translation>정규화 가중치</translation>
    </message>
    <message>
        <source>trained blocks</source>
        <translation>학습 블록 수</translation>
    </message>
    <message>
        <source>head</source>
        <translation>헤드</translation>
    </message>
</context>
<context>
    <name>WizardSweepText</name>
    <message>
        <source>%1: %2 is out of range (allowed: %3)</source>
        <translation>%1: %2은(는) 허용 범위를 벗어났습니다(허용: %3)</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a number (allowed: %3)</source>
        <translation>%1: &apos;%2&apos;은(는) 숫자가 아닙니다(허용: %3)</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a whole number (allowed: %3)</source>
        <translation>%1: &apos;%2&apos;은(는) 정수가 아닙니다(허용: %3)</translation>
    </message>
</context>
<context>
    <name>peftbench::AppSettings</name>
    <message>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
</context>
<context>
    <name>peftbench::ClaimsPanel</name>
    <message>
        <source>Common beliefs about the three methods, checked against these runs. A difference inside the seed-to-seed spread, or a comparison with a single seed, is inconclusive.</source>
        <translation>세 방법에 대한 흔한 통념을 이 실행들로 확인합니다. 시드 간 편차 안에 드는 차이나 시드 하나만으로 한 비교는 판단 불가입니다.</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>주장</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <source>The numbers behind it</source>
        <translation>근거 수치</translation>
    </message>
    <message>
        <source>Prompt tuning trains the fewest parameters.</source>
        <translation>프롬프트 튜닝은 가장 적은 파라미터를 학습한다.</translation>
    </message>
    <message>
        <source>Prompt tuning needs the least memory.</source>
        <translation>프롬프트 튜닝은 메모리가 가장 적게 든다.</translation>
    </message>
    <message>
        <source>LoRA needs less memory than full fine-tuning.</source>
        <translation>LoRA는 전체 미세조정보다 메모리가 적게 든다.</translation>
    </message>
    <message>
        <source>Full fine-tuning reaches the best quality.</source>
        <translation>전체 미세조정이 가장 높은 품질에 도달한다.</translation>
    </message>
    <message>
        <source>LoRA beats prompt tuning on quality.</source>
        <translation>LoRA는 품질에서 프롬프트 튜닝을 앞선다.</translation>
    </message>
    <message>
        <source>Full fine-tuning over-fits more (larger generalization gap).</source>
        <translation>전체 미세조정이 더 과적합된다(일반화 격차가 더 크다).</translation>
    </message>
    <message>
        <source>Adapters are far smaller on disk than a full checkpoint.</source>
        <translation>어댑터는 디스크에서 전체 체크포인트보다 훨씬 작다.</translation>
    </message>
    <message>
        <source>LoRA trains faster per step than full fine-tuning.</source>
        <translation>LoRA는 스텝당 전체 미세조정보다 빠르게 학습한다.</translation>
    </message>
    <message>
        <source>Supported</source>
        <translation>지지됨</translation>
    </message>
    <message>
        <source>Refuted</source>
        <translation>반박됨</translation>
    </message>
    <message>
        <source>Inconclusive</source>
        <translation>판단 불가</translation>
    </message>
    <message>
        <source>%1 supported · %2 refuted · %3 inconclusive</source>
        <translation>지지 %1 · 반박 %2 · 판단 불가 %3</translation>
    </message>
</context>
<context>
    <name>peftbench::CompareBars</name>
    <message>
        <source>memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Best validation loss</source>
        <translation>최저 검증 손실</translation>
    </message>
    <message>
        <source>Test metric (the runs share none)</source>
        <translation>테스트 지표(실행들에 공통 지표 없음)</translation>
    </message>
    <message>
        <source>Test %1</source>
        <translation>테스트 %1</translation>
    </message>
    <message>
        <source>Trainable parameters (log scale)</source>
        <translation>학습 파라미터 수(로그 스케일)</translation>
    </message>
    <message>
        <source>Peak %1 by what holds it</source>
        <translation>최대 %1 사용처별 구성</translation>
    </message>
    <message>
        <source>Time per step</source>
        <translation>스텝당 시간</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>처리량</translation>
    </message>
    <message>
        <source>Adapter or checkpoint size on disk (log scale)</source>
        <translation>디스크상의 어댑터 또는 체크포인트 크기(로그 스케일)</translation>
    </message>
    <message>
        <source>Generalization gap (validation − training loss)</source>
        <translation>일반화 격차(검증 손실 − 학습 손실)</translation>
    </message>
    <message>
        <source> · higher is better</source>
        <translation> · 높을수록 좋음</translation>
    </message>
    <message>
        <source> · lower is better</source>
        <translation> · 낮을수록 좋음</translation>
    </message>
    <message>
        <source>nats/token</source>
        <translation>nats/토큰</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>초</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>토큰/초</translation>
    </message>
</context>
<context>
    <name>peftbench::CompareConfigTable</name>
    <message>
        <source>Differences only</source>
        <translation>차이점만</translation>
    </message>
    <message>
        <source>Hide the settings every compared run shares.</source>
        <translation>비교하는 모든 실행에 공통인 설정은 숨깁니다.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>peftbench::CompareCurves</name>
    <message>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Tokens seen</source>
        <translation>처리한 토큰 수</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>경과 시간</translation>
    </message>
    <message>
        <source>What the runs are lined up by: a method that is slower per step falls behind on wall time.</source>
        <translation>실행들을 맞춰 놓을 기준입니다. 스텝당 느린 방법은 경과 시간 기준에서 뒤처집니다.</translation>
    </message>
    <message>
        <source>Exponential moving average of the training loss.</source>
        <translation>학습 손실의 지수 이동 평균입니다.</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <source>loss (nats/token)</source>
        <translation>손실(nats/토큰)</translation>
    </message>
    <message>
        <source>X axis</source>
        <translation>X축</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>평활화</translation>
    </message>
    <message>
        <source>Solid: training loss (smoothed). Dashed with points: validation loss. Shaded: ± one standard deviation over seeds.</source>
        <translation>실선: 학습 손실(평활화). 점이 있는 점선: 검증 손실. 음영: 시드 간 ± 1 표준편차.</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>tokens seen</source>
        <translation>처리한 토큰 수</translation>
    </message>
    <message>
        <source>wall time (s)</source>
        <translation>경과 시간(초)</translation>
    </message>
    <message>
        <source> (validation)</source>
        <translation> (검증)</translation>
    </message>
</context>
<context>
    <name>peftbench::CompareSamples</name>
    <message>
        <source>One prompt per line. Leave empty to start from the dataset&apos;s first test examples.</source>
        <translation>한 줄에 프롬프트 하나. 비워 두면 데이터셋의 첫 테스트 예제로 시작합니다.</translation>
    </message>
    <message>
        <source>How many tokens each model writes after each prompt.</source>
        <translation>각 모델이 프롬프트마다 이어 쓸 토큰 수입니다.</translation>
    </message>
    <message>
        <source>How many test examples to take when no prompts are given (and for classification).</source>
        <translation>프롬프트가 없을 때(그리고 분류일 때) 가져올 테스트 예제 수입니다.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>새 토큰 수</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>예제 수</translation>
    </message>
    <message>
        <source>Each run&apos;s model continues the same prompts, with the same seed.</source>
        <translation>각 실행의 모델이 같은 시드로 같은 프롬프트를 이어 씁니다.</translation>
    </message>
    <message>
        <source>Each run&apos;s model labels the same test examples.</source>
        <translation>각 실행의 모델이 같은 테스트 예제에 레이블을 붙입니다.</translation>
    </message>
    <message>
        <source>Stopping after the current prompt…</source>
        <translation>현재 프롬프트 다음에 멈추는 중…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Generating… loading run %1&apos;s model (1 of %2)</source>
        <translation>생성 중… 실행 %1의 모델을 불러오는 중(%2개 중 1번째)</translation>
    </message>
    <message>
        <source>Test example</source>
        <translation>테스트 예제</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>True label</source>
        <translation>정답 레이블</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>실행 %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Generating… loading run %1&apos;s model (%2 of %3)</source>
        <translation>생성 중… 실행 %1의 모델을 불러오는 중(%3개 중 %2번째)</translation>
    </message>
    <message>
        <source>No sample outputs: %1</source>
        <translation>샘플 출력 없음: %1</translation>
    </message>
    <message>
        <source>Stopped: %1 of %2 runs done.</source>
        <translation>중지됨: 실행 %2개 중 %1개 완료.</translation>
    </message>
    <message>
        <source>Green: the run predicted the true label; red: it did not.</source>
        <translation>초록: 실행이 정답 레이블을 예측함. 빨강: 예측하지 못함.</translation>
    </message>
    <message>
        <source>The same prompts and seed for every run: the differences are the models&apos;. Edit the prompts above and generate again.</source>
        <translation>모든 실행에 같은 프롬프트와 시드를 쓰므로 차이는 모델에서 나온 것입니다. 위의 프롬프트를 고쳐 다시 생성해 보세요.</translation>
    </message>
</context>
<context>
    <name>peftbench::CompareScatter</name>
    <message>
        <source>trainable parameters (log scale)</source>
        <translation>학습 파라미터 수(로그 스케일)</translation>
    </message>
    <message>
        <source>test %1</source>
        <translation>테스트 %1</translation>
    </message>
    <message>
        <source>best validation loss</source>
        <translation>최저 검증 손실</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>peak %1</source>
        <translation>최대 %1</translation>
    </message>
    <message>
        <source>trainable parameters</source>
        <translation>학습 파라미터 수</translation>
    </message>
    <message>
        <source>%1 against %2 · best: %3</source>
        <translation>%2 대비 %1 · 최적: %3</translation>
    </message>
    <message>
        <source>top left</source>
        <translation>왼쪽 위</translation>
    </message>
    <message>
        <source>bottom left</source>
        <translation>왼쪽 아래</translation>
    </message>
    <message>
        <source>peak %1 (MiB)</source>
        <translation>최대 %1(MiB)</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>파레토 전선</translation>
    </message>
</context>
<context>
    <name>peftbench::CompareView</name>
    <message>
        <source>Mean ± std over seeds</source>
        <translation>시드 간 평균 ± 표준편차</translation>
    </message>
    <message>
        <source>Draw the runs of one configuration trained with different seeds as their mean, with ± one standard deviation as a band or error bars.</source>
        <translation>같은 설정을 다른 시드로 학습한 실행들을 평균으로 그리고, ± 1 표준편차를 띠나 오차 막대로 표시합니다.</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>보고서 내보내기…</translation>
    </message>
    <message>
        <source>Write these runs&apos; comparison as an HTML, PDF, Markdown, CSV or JSON file.</source>
        <translation>이 실행들의 비교를 HTML, PDF, Markdown, CSV 또는 JSON 파일로 저장합니다.</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>곡선</translation>
    </message>
    <message>
        <source>Costs and quality</source>
        <translation>비용과 품질</translation>
    </message>
    <message>
        <source>Quality vs cost</source>
        <translation>품질 대 비용</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>주장 검증</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Sample outputs</source>
        <translation>샘플 출력</translation>
    </message>
    <message>
        <source>Experiment %1 has no finished run to compare yet.</source>
        <translation>실험 %1에는 아직 비교할 완료된 실행이 없습니다.</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>비교할 수 없습니다: %1</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n run(s)</source>
        <translation>
            <numerusform>실행 %n개 비교</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> in %n configuration(s)</source>
        <translation>
            <numerusform> (설정 %n개)</numerusform>
        </translation>
    </message>
    <message>
        <source>Select two or more finished runs, or an experiment, to compare them.</source>
        <translation>비교하려면 완료된 실행을 두 개 이상 또는 실험 하나를 선택하세요.</translation>
    </message>
</context>
<context>
    <name>peftbench::ExperimentPanel</name>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>The experiment&apos;s YAML, as the command line reads it (peftbench run FILE)</source>
        <translation>명령줄이 읽는 그대로의 실험 YAML(peftbench run FILE)</translation>
    </message>
    <message>
        <source>Open experiment…</source>
        <translation>실험 열기…</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Experiment: %1</source>
        <translation>실험: %1</translation>
    </message>
    <message>
        <source>Base model %1 · dataset %2 (%3, up to %4 tokens) · %5 runs of %6 steps, batch %7, on %8</source>
        <translation>베이스 모델 %1 · 데이터셋 %2(%3, 최대 %4 토큰) · %6 스텝 실행 %5개, 배치 %7, 장치 %8</translation>
    </message>
</context>
<context>
    <name>peftbench::ExportModelDialog</name>
    <message>
        <source>Export model</source>
        <translation>모델 내보내기</translation>
    </message>
    <message>
        <source>PEFT adapter: adapter_config.json + adapter_model.safetensors</source>
        <translation>PEFT 어댑터: adapter_config.json + adapter_model.safetensors</translation>
    </message>
    <message>
        <source>Merged model: config.json + model.safetensors + tokenizer</source>
        <translation>병합된 모델: config.json + model.safetensors + 토크나이저</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>default: the run&apos;s base model folder or reference</source>
        <translation>기본값: 실행의 베이스 모델 폴더 또는 참조</translation>
    </message>
    <message>
        <source>base_model_name_or_path in adapter_config.json, e.g. the Hub id Python should load (openai-community/gpt2).</source>
        <translation>adapter_config.json의 base_model_name_or_path. 예: Python이 불러올 Hub id(openai-community/gpt2).</translation>
    </message>
    <message>
        <source>Replace the folder if it is not empty</source>
        <translation>폴더가 비어 있지 않으면 덮어쓰기</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Base model name</source>
        <translation>베이스 모델 이름</translation>
    </message>
    <message>
        <source>Export run %1 for Python (Transformers / PEFT).</source>
        <translation>실행 %1을(를) Python(Transformers / PEFT)용으로 내보냅니다.</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>내보낼 폴더</translation>
    </message>
</context>
<context>
    <name>peftbench::ExportReportDialog</name>
    <message>
        <source>Export report</source>
        <translation>보고서 내보내기</translation>
    </message>
    <message numerus="yes">
        <source>Comparison of %n run(s)</source>
        <translation>
            <numerusform>실행 %n개 비교</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: comparison of %n run(s)</source>
        <translation>
            <numerusform>%1: 실행 %n개 비교</numerusform>
        </translation>
    </message>
    <message>
        <source>HTML: one self-contained page with charts</source>
        <translation>HTML: 차트가 포함된 독립 실행형 페이지 하나</translation>
    </message>
    <message>
        <source>PDF: the same content, paginated</source>
        <translation>PDF: 같은 내용을 페이지로 나눔</translation>
    </message>
    <message>
        <source>Markdown: a summary</source>
        <translation>Markdown: 요약</translation>
    </message>
    <message>
        <source>CSV: every step of every run</source>
        <translation>CSV: 모든 실행의 모든 스텝</translation>
    </message>
    <message>
        <source>JSON: everything, machine-readable</source>
        <translation>JSON: 전체 내용, 기계 판독용</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message numerus="yes">
        <source>Export the comparison of %n run(s).</source>
        <translation>
            <numerusform>실행 %n개의 비교를 내보냅니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>HTML files (*.html *.htm)</source>
        <translation>HTML 파일 (*.html *.htm)</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 파일 (*.pdf)</translation>
    </message>
    <message>
        <source>Markdown files (*.md)</source>
        <translation>Markdown 파일 (*.md)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 파일 (*.json)</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>저장할 파일을 고르세요.</translation>
    </message>
    <message>
        <source>%1 is a folder: choose a file name.</source>
        <translation>%1은(는) 폴더입니다. 파일 이름을 고르세요.</translation>
    </message>
    <message>
        <source>Cannot compare these runs: %1</source>
        <translation>이 실행들을 비교할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Cannot read the run store: %1</source>
        <translation>실행 저장소를 읽을 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>peftbench::LiveRunView</name>
    <message>
        <source>No run selected</source>
        <translation>선택한 실행 없음</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop this run after its current step; it is stored as cancelled and can be resumed.</source>
        <translation>현재 스텝이 끝나면 이 실행을 멈춥니다. 취소됨으로 저장되며 나중에 재개할 수 있습니다.</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <source>Exponential moving average of the training loss; the raw points stay visible.</source>
        <translation>학습 손실의 지수 이동 평균입니다. 원래 값도 계속 표시됩니다.</translation>
    </message>
    <message>
        <source>loss (nats/token)</source>
        <translation>손실(nats/토큰)</translation>
    </message>
    <message>
        <source>train (raw)</source>
        <translation>학습(원래 값)</translation>
    </message>
    <message>
        <source>train (smoothed)</source>
        <translation>학습(평활화)</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>RAM (MiB)</source>
        <translation>RAM(MiB)</translation>
    </message>
    <message>
        <source>current</source>
        <translation>현재</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>토큰/초</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>추정</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>측정</translation>
    </message>
    <message>
        <source>Measured / estimate</source>
        <translation>측정 / 추정</translation>
    </message>
    <message>
        <source>Baseline (runtime, data)</source>
        <translation>기본(런타임, 데이터)</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>그래디언트</translation>
    </message>
    <message>
        <source>Optimizer state</source>
        <translation>옵티마이저 상태</translation>
    </message>
    <message>
        <source>Activations and the rest</source>
        <translation>활성값 및 기타</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>Peak memory before the run (estimate) and as measured at its end.</source>
        <translation>실행 전 추정한 최대 메모리와 실행 후 측정한 최대 메모리입니다.</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>평활화</translation>
    </message>
    <message>
        <source>Select a run in the table, or launch an experiment: the run that trains is shown here.</source>
        <translation>표에서 실행을 선택하거나 실험을 시작하세요. 학습 중인 실행이 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Run %1 · %2 (%3)</source>
        <translation>실행 %1 · %2(%3)</translation>
    </message>
    <message>
        <source>%1 (MiB)</source>
        <translation>%1(MiB)</translation>
    </message>
    <message>
        <source>0 of %1 steps</source>
        <translation>%1 스텝 중 0</translation>
    </message>
    <message>
        <source>step %1 of %2 · loss %3 · %4 s/step · %5 tok/s</source>
        <translation>스텝 %1/%2 · 손실 %3 · %4초/스텝 · %5토큰/초</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · 남은 시간 %1</translation>
    </message>
    <message>
        <source>Waiting in the queue.</source>
        <translation>대기열에서 기다리는 중입니다.</translation>
    </message>
    <message>
        <source>Training.</source>
        <translation>학습 중입니다.</translation>
    </message>
    <message>
        <source>Finished: every step trained and the test split was scored.</source>
        <translation>완료: 모든 스텝을 학습하고 테스트 분할을 평가했습니다.</translation>
    </message>
    <message>
        <source>Cancelled. What it measured is kept; &apos;Resume&apos; continues it from its last checkpoint.</source>
        <translation>취소됨. 측정한 값은 보존됩니다. &apos;재개&apos;하면 마지막 체크포인트부터 이어서 학습합니다.</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>실패했습니다.</translation>
    </message>
    <message>
        <source>Stopped: the loss became infinite or NaN (diverged). A lower learning rate usually helps.</source>
        <translation>중지됨: 손실이 무한대나 NaN이 되었습니다(발산). 보통 학습률을 낮추면 해결됩니다.</translation>
    </message>
    <message>
        <source>Interrupted: the program ended while this run trained. &apos;Resume&apos; continues it from its last checkpoint.</source>
        <translation>중단됨: 이 실행이 학습하는 동안 프로그램이 종료되었습니다. &apos;재개&apos;하면 마지막 체크포인트부터 이어서 학습합니다.</translation>
    </message>
    <message>
        <source>estimated peak %1</source>
        <translation>추정 최대 %1</translation>
    </message>
</context>
<context>
    <name>peftbench::MainWindow</name>
    <message>
        <source>PEFT Workbench</source>
        <translation>PEFT 워크벤치</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) left running by an earlier session are now marked interrupted; Runs → Resume continues one.</source>
        <translation>
            <numerusform>이전 세션에서 실행 중이던 실행 %n개를 중단됨으로 표시했습니다. 실행 → 재개로 이어서 학습할 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New experiment…</source>
        <translation>새 실험(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation>실험 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation>시작(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Cancel training</source>
        <translation>학습 취소(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export report…</source>
        <translation>보고서 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>HTML, PDF, Markdown, CSV or JSON of the runs in the Compare tab</source>
        <translation>비교 탭에 있는 실행들의 HTML, PDF, Markdown, CSV 또는 JSON</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start queue</source>
        <translation>대기열 시작(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Compare selected runs</source>
        <translation>선택한 실행 비교(&amp;C)</translation>
    </message>
    <message>
        <source>Compare the run&apos;s &amp;experiment</source>
        <translation>실행의 실험 비교(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Resume selected run</source>
        <translation>선택한 실행 재개(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete selected run…</source>
        <translation>선택한 실행 삭제(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Follow the training run</source>
        <translation>학습 중인 실행 따라가기(&amp;F)</translation>
    </message>
    <message>
        <source>Show each run in the live view as it starts</source>
        <translation>실행이 시작될 때마다 실시간 보기에 표시합니다</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About PEFT Workbench</source>
        <translation>PEFT 워크벤치 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>실시간 보기</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>실험</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>직접 해 보기</translation>
    </message>
    <message>
        <source>run %1 removed from the queue</source>
        <translation>실행 %1을(를) 대기열에서 제거했습니다</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>The device runs train on</source>
        <translation>실행이 학습하는 장치</translation>
    </message>
    <message>
        <source>Data: %1</source>
        <translation>데이터: %1</translation>
    </message>
    <message>
        <source>run %1 (%2) started</source>
        <translation>실행 %1(%2) 시작</translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <translation>실행 %1: %2</translation>
    </message>
    <message>
        <source>run %1 step %2: validation loss %3, %4 %5</source>
        <translation>실행 %1 스텝 %2: 검증 손실 %3, %4 %5</translation>
    </message>
    <message>
        <source>run %1 %2</source>
        <translation>실행 %1 %2</translation>
    </message>
    <message>
        <source>run %1 %2: %3</source>
        <translation>실행 %1 %2: %3</translation>
    </message>
    <message>
        <source>cancelled; the runs after it stay queued (Runs → Start queue continues them)</source>
        <translation>취소됨. 뒤의 실행들은 대기열에 남습니다(실행 → 대기열 시작으로 이어서 학습)</translation>
    </message>
    <message>
        <source>experiment %1 &apos;%2&apos;: %3 runs queued</source>
        <translation>실험 %1 &apos;%2&apos;: 실행 %3개를 대기열에 넣었습니다</translation>
    </message>
    <message>
        <source>Experiment not launched</source>
        <translation>실험을 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>experiment saved as %1</source>
        <translation>실험을 %1(으)로 저장했습니다</translation>
    </message>
    <message>
        <source>a queue is training: the new experiment is ready to launch when it ends</source>
        <translation>대기열이 학습 중입니다. 끝나면 새 실험을 시작할 수 있습니다</translation>
    </message>
    <message>
        <source>cancelling after the current step…</source>
        <translation>현재 스텝이 끝나면 취소합니다…</translation>
    </message>
    <message>
        <source>training the queued runs</source>
        <translation>대기열의 실행을 학습하는 중</translation>
    </message>
    <message>
        <source>run %1: only a cancelled or interrupted run can be resumed</source>
        <translation>실행 %1: 취소되었거나 중단된 실행만 재개할 수 있습니다</translation>
    </message>
    <message>
        <source>run %1 resumes from its last checkpoint</source>
        <translation>실행 %1을(를) 마지막 체크포인트부터 재개합니다</translation>
    </message>
    <message>
        <source>run %1 is training: cancel it before deleting it</source>
        <translation>실행 %1이(가) 학습 중입니다. 삭제하기 전에 취소하세요</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>실행 삭제</translation>
    </message>
    <message>
        <source>Delete run %1 with its metrics? Its files stay in %2.</source>
        <translation>실행 %1과(와) 그 지표를 삭제할까요? 파일은 %2에 남습니다.</translation>
    </message>
    <message>
        <source>run %1 deleted</source>
        <translation>실행 %1을(를) 삭제했습니다</translation>
    </message>
    <message>
        <source>select two or more finished runs to compare (Ctrl- or Shift-click in the table)</source>
        <translation>비교할 완료된 실행을 두 개 이상 선택하세요(표에서 Ctrl 또는 Shift를 누른 채 클릭)</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>실험 열기</translation>
    </message>
    <message>
        <source>Experiment configs (*.yaml *.yml)</source>
        <translation>실험 설정 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>settings saved%1</source>
        <translation>설정을 저장했습니다%1</translation>
    </message>
    <message>
        <source>; the data directory and language apply at the next start</source>
        <translation>. 데이터 디렉터리와 언어는 다음 시작 때 적용됩니다</translation>
    </message>
    <message>
        <source>About PEFT Workbench</source>
        <translation>PEFT 워크벤치 정보</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>학습 진행 중</translation>
    </message>
    <message>
        <source>A run is training. Stop it and quit? It is stored as cancelled and can be resumed later.</source>
        <translation>실행이 학습 중입니다. 멈추고 끝낼까요? 취소됨으로 저장되며 나중에 재개할 수 있습니다.</translation>
    </message>
    <message>
        <source>E&amp;xport model…</source>
        <translation>모델 내보내기(&amp;X)…</translation>
    </message>
    <message>
        <source>The selected finished run as a Hugging Face PEFT adapter or a merged model</source>
        <translation>선택한 완료된 실행을 Hugging Face PEFT 어댑터 또는 병합된 모델로 내보냅니다</translation>
    </message>
    <message>
        <source>run %1: only a completed run can be exported</source>
        <translation>실행 %1: 완료된 실행만 내보낼 수 있습니다</translation>
    </message>
    <message>
        <source>Run store cannot be opened</source>
        <translation>실행 저장소를 열 수 없습니다</translation>
    </message>
    <message>
        <source>The run store %1 cannot be used:

%2

The file has not been changed.</source>
        <translation>실행 저장소 %1을(를) 사용할 수 없습니다:

%2

파일은 변경되지 않았습니다.</translation>
    </message>
    <message>
        <source>Moving it aside starts a new, empty run store: the file stays in its folder, renamed to %1 followed by “.broken-” and today&apos;s date, and nothing is deleted.</source>
        <translation>옆으로 옮기면 비어 있는 새 실행 저장소로 시작합니다. 파일은 같은 폴더에 %1 뒤에 “.broken-”과 오늘 날짜를 붙인 이름으로 남으며, 아무것도 삭제되지 않습니다.</translation>
    </message>
    <message>
        <source>Move it aside and start a new store</source>
        <translation>옆으로 옮기고 새 저장소로 시작</translation>
    </message>
    <message>
        <source>Continue without a store</source>
        <translation>저장소 없이 계속</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>The unusable run store was moved to %1; starting a new, empty run store.</source>
        <translation>사용할 수 없는 실행 저장소를 %1(으)로 옮겼습니다. 비어 있는 새 실행 저장소로 시작합니다.</translation>
    </message>
    <message>
        <source>Run store not moved</source>
        <translation>실행 저장소를 옮기지 못했습니다</translation>
    </message>
    <message>
        <source>Working without a run store: runs can neither be listed nor launched until PEFT Workbench starts with a usable one.</source>
        <translation>실행 저장소 없이 작업합니다. 사용할 수 있는 저장소로 PEFT Workbench를 다시 시작할 때까지 실행을 보거나 시작할 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>peftbench::MetricPlot</name>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
</context>
<context>
    <name>peftbench::QueuePanel</name>
    <message>
        <source>Up</source>
        <translation>위로</translation>
    </message>
    <message>
        <source>Train this run earlier</source>
        <translation>이 실행을 더 먼저 학습합니다</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>아래로</translation>
    </message>
    <message>
        <source>Train this run later</source>
        <translation>이 실행을 나중에 학습합니다</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Delete this queued run; it never trained, so nothing measured is lost</source>
        <translation>대기 중인 이 실행을 삭제합니다. 학습한 적이 없으므로 잃는 측정값은 없습니다</translation>
    </message>
    <message>
        <source>Start queue</source>
        <translation>대기열 시작</translation>
    </message>
    <message>
        <source>Train every queued run, top first</source>
        <translation>대기 중인 모든 실행을 위에서부터 학습합니다</translation>
    </message>
    <message>
        <source>Run %1 · %2 (experiment %3)</source>
        <translation>실행 %1 · %2(실험 %3)</translation>
    </message>
</context>
<context>
    <name>peftbench::RunTableModel</name>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>실험</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝 수</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>학습 파라미터</translation>
    </message>
    <message>
        <source>Best val. loss</source>
        <translation>최저 검증 손실</translation>
    </message>
    <message>
        <source>Test metric</source>
        <translation>테스트 지표</translation>
    </message>
    <message>
        <source>Peak memory</source>
        <translation>최대 메모리</translation>
    </message>
    <message>
        <source>s/step</source>
        <translation>초/스텝</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>경과 시간</translation>
    </message>
</context>
<context>
    <name>peftbench::RunWizard</name>
    <message>
        <source>New experiment</source>
        <translation>새 실험</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Open YAML…</source>
        <translation>YAML 열기…</translation>
    </message>
    <message>
        <source>Start from an experiment config file</source>
        <translation>실험 설정 파일에서 시작합니다</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: 쓸 수 없습니다(%2)</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>실험 열기</translation>
    </message>
    <message>
        <source>Experiment configs (*.yaml *.yml);;All files (*)</source>
        <translation>실험 설정 (*.yaml *.yml);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>peftbench::RunsPanel</name>
    <message>
        <source>Any status</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Any method</source>
        <translation>모든 방법</translation>
    </message>
    <message>
        <source>Any experiment</source>
        <translation>모든 실험</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>실행 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%2개 중 %1개 표시</translation>
    </message>
</context>
<context>
    <name>peftbench::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Where the run store (runs.sqlite), checkpoints, adapters and datasets live. Empty: the platform&apos;s data folder. --data-dir and $PEFTBENCH_DATA_DIR take precedence.</source>
        <translation>실행 저장소(runs.sqlite), 체크포인트, 어댑터, 데이터셋이 저장되는 곳입니다. 비워 두면 플랫폼의 데이터 폴더를 씁니다. --data-dir와 $PEFTBENCH_DATA_DIR가 우선합니다.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>데이터 디렉터리</translation>
    </message>
    <message>
        <source>The device new experiments start with in the wizard: auto picks CUDA when present, else the CPU.</source>
        <translation>마법사에서 새 실험이 처음 쓰는 장치입니다. auto는 CUDA가 있으면 CUDA를, 없으면 CPU를 고릅니다.</translation>
    </message>
    <message>
        <source>One per logical core (%1)</source>
        <translation>논리 코어마다 하나(%1)</translation>
    </message>
    <message>
        <source>Intra-op threads for training. --threads overrides it for one session.</source>
        <translation>학습에 쓰는 연산 내부(intra-op) 스레드 수입니다. --threads는 한 세션 동안 이 값보다 우선합니다.</translation>
    </message>
    <message>
        <source>A new data directory and the language apply at the next start.</source>
        <translation>새 데이터 디렉터리와 언어는 다음 시작 때 적용됩니다.</translation>
    </message>
    <message>
        <source>Default device</source>
        <translation>기본 장치</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>스레드</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Data directory &apos;%1&apos;: give an absolute path.</source>
        <translation>데이터 디렉터리 &apos;%1&apos;: 절대 경로를 입력하세요.</translation>
    </message>
    <message>
        <source>Data directory &apos;%1&apos; is a file, not a folder.</source>
        <translation>데이터 디렉터리 &apos;%1&apos;은(는) 폴더가 아니라 파일입니다.</translation>
    </message>
    <message>
        <source>Data directory &apos;%1&apos; cannot be created here.</source>
        <translation>데이터 디렉터리 &apos;%1&apos;을(를) 여기에 만들 수 없습니다.</translation>
    </message>
    <message>
        <source>Data directory &apos;%1&apos; is not writable.</source>
        <translation>데이터 디렉터리 &apos;%1&apos;에 쓸 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>peftbench::TryPanel</name>
    <message>
        <source>A prompt for the model to continue</source>
        <translation>모델이 이어 쓸 프롬프트</translation>
    </message>
    <message>
        <source>Tokens to write at most; the model may stop earlier at its end-of-text token.</source>
        <translation>최대로 쓸 토큰 수입니다. 모델이 텍스트 끝 토큰에서 더 일찍 멈출 수 있습니다.</translation>
    </message>
    <message>
        <source>Sampling temperature: lower is more predictable; 0 always takes the likeliest token (greedy).</source>
        <translation>샘플링 온도: 낮을수록 예측 가능해집니다. 0이면 항상 가장 가능성 높은 토큰을 고릅니다(그리디).</translation>
    </message>
    <message>
        <source>all tokens</source>
        <translation>모든 토큰</translation>
    </message>
    <message>
        <source>Sample among the K likeliest tokens only.</source>
        <translation>가능성이 가장 높은 K개 토큰 중에서만 샘플링합니다.</translation>
    </message>
    <message>
        <source>The same seed and settings give the same text.</source>
        <translation>같은 시드와 설정이면 같은 텍스트가 나옵니다.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>A text to score: how well does the model predict it?</source>
        <translation>평가할 텍스트: 모델이 얼마나 잘 예측할까요?</translation>
    </message>
    <message>
        <source>Load file…</source>
        <translation>파일 불러오기…</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>최대 새 토큰 수</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Continue a prompt</source>
        <translation>프롬프트 이어 쓰기</translation>
    </message>
    <message>
        <source>Score a text</source>
        <translation>텍스트 평가</translation>
    </message>
    <message>
        <source>Try run %1 · %2</source>
        <translation>실행 %1 직접 해 보기 · %2</translation>
    </message>
    <message>
        <source>Select a finished run in the table to try its model.</source>
        <translation>표에서 완료된 실행을 선택해 그 모델을 직접 사용해 보세요.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>작업 중…</translation>
    </message>
    <message>
        <source>Loading run %1&apos;s model…</source>
        <translation>실행 %1의 모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>Type or load a text to score first.</source>
        <translation>먼저 평가할 텍스트를 입력하거나 불러오세요.</translation>
    </message>
    <message>
        <source>%1 tokens (%2 bytes): mean NLL %3 nats/token · perplexity %4 · %5 bits per byte</source>
        <translation>%1 토큰(%2 바이트): 평균 NLL %3 nats/토큰 · 퍼플렉서티 %4 · 바이트당 %5비트</translation>
    </message>
    <message>
        <source>. Longer than the context: scored in %1 overlapping windows, every token once.</source>
        <translation>. 컨텍스트보다 길어서 겹치는 창 %1개로 나누어 모든 토큰을 한 번씩 평가했습니다.</translation>
    </message>
    <message>
        <source>Text to score</source>
        <translation>평가할 텍스트</translation>
    </message>
    <message>
        <source>%1: cannot read the file: %2</source>
        <translation>%1: 파일을 읽을 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardBitFitForm</name>
    <message>
        <source>Train the norms&apos; weights too</source>
        <translation>정규화 가중치도 학습</translation>
    </message>
    <message>
        <source>Besides every bias, train the scale of every LayerNorm/RMSNorm: a few more parameters; models without biases (Llama) need it to train anything</source>
        <translation>모든 바이어스와 함께 모든 LayerNorm/RMSNorm의 스케일도 학습합니다: 파라미터가 조금 늘어납니다. 바이어스가 없는 모델(Llama)은 이것이 있어야 학습할 것이 생깁니다</translation>
    </message>
    <message>
        <source>%1: off, but this model has no biases, so nothing would train (allowed: on, for a model without biases)</source>
        <translation>%1: 꺼져 있지만 이 모델에는 바이어스가 없어 학습할 것이 없습니다(허용: 바이어스가 없는 모델에서는 켜기)</translation>
    </message>
    <message>
        <source>norms&apos; weights</source>
        <translation>정규화 가중치</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardDatasetPage</name>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>What every run trains and is evaluated on, split the same way for every method.</source>
        <translation>모든 실행이 학습하고 평가받는 데이터입니다. 모든 방법에 같은 방식으로 분할됩니다.</translation>
    </message>
    <message>
        <source>Built-in dataset</source>
        <translation>내장 데이터셋</translation>
    </message>
    <message>
        <source>Public corpora fetched at setup and converted by the workbench, with fixed splits</source>
        <translation>설치할 때 받아 워크벤치가 변환한 공개 말뭉치로, 분할이 고정되어 있습니다</translation>
    </message>
    <message>
        <source>Import a file</source>
        <translation>파일 가져오기</translation>
    </message>
    <message>
        <source>A text (.txt), CSV, TSV or JSONL file</source>
        <translation>텍스트(.txt), CSV, TSV 또는 JSONL 파일</translation>
    </message>
    <message>
        <source>Plain text (one record per paragraph), CSV/TSV with a header row, or JSONL with text, text+label, prompt/completion or instruction/input/output fields</source>
        <translation>일반 텍스트(문단 하나가 레코드 하나), 머리글 행이 있는 CSV/TSV, 또는 text, text+label, prompt/completion, instruction/input/output 필드가 있는 JSONL</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Causal language modelling (next token)</source>
        <translation>인과 언어 모델링(다음 토큰 예측)</translation>
    </message>
    <message>
        <source>Completion (prompt → completion)</source>
        <translation>완성(프롬프트 → 완성문)</translation>
    </message>
    <message>
        <source>Classification (text → label)</source>
        <translation>분류(텍스트 → 레이블)</translation>
    </message>
    <message>
        <source>causal_lm: loss on every token; completion: loss on the completion only; classification: the label word is scored, accuracy by ranking every label</source>
        <translation>causal_lm: 모든 토큰에 손실 적용, completion: 완성문에만 손실 적용, classification: 레이블 단어를 평가하고 모든 레이블의 순위로 정확도 계산</translation>
    </message>
    <message>
        <source>Tokens per example, bos included (2 to the model&apos;s context length); longer records are cut</source>
        <translation>예제당 토큰 수(bos 포함, 2부터 모델의 컨텍스트 길이까지). 더 긴 레코드는 잘립니다</translation>
    </message>
    <message>
        <source>The CSV/TSV column holding the text</source>
        <translation>텍스트가 들어 있는 CSV/TSV 열</translation>
    </message>
    <message>
        <source>The CSV/TSV column holding the label (classification)</source>
        <translation>레이블이 들어 있는 CSV/TSV 열(분류)</translation>
    </message>
    <message>
        <source>Share of a file&apos;s records held out for validation (0 to 0.5); built-in datasets have fixed splits</source>
        <translation>파일의 레코드 중 검증용으로 떼어 둘 비율(0~0.5). 내장 데이터셋은 분할이 고정되어 있습니다</translation>
    </message>
    <message>
        <source>Share of a file&apos;s records held out for the final test (0 to 0.5); built-in datasets have fixed splits</source>
        <translation>파일의 레코드 중 최종 테스트용으로 떼어 둘 비율(0~0.5). 내장 데이터셋은 분할이 고정되어 있습니다</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>작업:</translation>
    </message>
    <message>
        <source>Max length:</source>
        <translation>최대 길이:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>텍스트:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>레이블:</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>열:</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>검증:</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>테스트:</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>분할:</translation>
    </message>
    <message>
        <source>%1 (not built in)</source>
        <translation>%1(내장 아님)</translation>
    </message>
    <message>
        <source>%1 (not in the file)</source>
        <translation>%1(파일에 없음)</translation>
    </message>
    <message>
        <source>(default: text)</source>
        <translation>(기본값: text)</translation>
    </message>
    <message>
        <source>(default: label)</source>
        <translation>(기본값: label)</translation>
    </message>
    <message>
        <source>Import dataset</source>
        <translation>데이터셋 가져오기</translation>
    </message>
    <message>
        <source>Datasets (*.txt *.text *.md *.csv *.tsv *.tab *.jsonl *.ndjson);;All files (*)</source>
        <translation>데이터셋 (*.txt *.text *.md *.csv *.tsv *.tab *.jsonl *.ndjson);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Choose a base model first: the preview counts tokens with its tokenizer.</source>
        <translation>먼저 베이스 모델을 고르세요. 미리보기는 그 모델의 토크나이저로 토큰을 셉니다.</translation>
    </message>
    <message>
        <source>Max length: %1 tokens is longer than the model&apos;s context (allowed: 2..%2)</source>
        <translation>최대 길이: %1 토큰은 모델의 컨텍스트보다 깁니다(허용: 2..%2)</translation>
    </message>
    <message>
        <source>Choose a dataset file.</source>
        <translation>데이터셋 파일을 고르세요.</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardDatasetPreview</name>
    <message>
        <source>The first records of the training split</source>
        <translation>학습 분할의 처음 레코드들</translation>
    </message>
    <message>
        <source>Records per label in each split (classification)</source>
        <translation>분할별 레이블당 레코드 수(분류)</translation>
    </message>
    <message>
        <source>Records by length in tokens (without bos/eos): longer ones are cut to max_length</source>
        <translation>토큰 길이별 레코드 수(bos/eos 제외). 더 긴 레코드는 max_length로 잘립니다</translation>
    </message>
    <message>
        <source>tokens per record</source>
        <translation>레코드당 토큰 수</translation>
    </message>
    <message>
        <source>records</source>
        <translation>레코드 수</translation>
    </message>
    <message>
        <source>%1 train / %2 validation / %3 test records; %4 to %5 tokens per record, %6 on average.</source>
        <translation>학습 %1 / 검증 %2 / 테스트 %3 레코드, 레코드당 %4~%5 토큰(평균 %6).</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>완성문</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>테스트</translation>
    </message>
    <message>
        <source>fit in max_length</source>
        <translation>max_length 이내</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>잘림</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardHyperparametersPage</name>
    <message>
        <source>Quick look (100 steps)</source>
        <translation>빠르게 훑어보기(100 스텝)</translation>
    </message>
    <message>
        <source>Default (300 steps)</source>
        <translation>기본(300 스텝)</translation>
    </message>
    <message>
        <source>Thorough (1000 steps)</source>
        <translation>꼼꼼하게(1000 스텝)</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>하이퍼파라미터</translation>
    </message>
    <message>
        <source>Shared training settings, then each method&apos;s own. Defaults are the usual starting points.</source>
        <translation>공통 학습 설정 다음에 방법별 설정이 옵니다. 기본값은 흔히 쓰는 출발점입니다.</translation>
    </message>
    <message>
        <source>Fill the settings from a step budget or from one of the built-in experiments</source>
        <translation>스텝 예산이나 내장 실험 중 하나로 설정을 채웁니다</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>프리셋 선택…</translation>
    </message>
    <message>
        <source>Settings of %1</source>
        <translation>%1 설정</translation>
    </message>
    <message>
        <source>Optimizer steps per run, 1 or more</source>
        <translation>실행당 옵티마이저 스텝 수, 1 이상</translation>
    </message>
    <message>
        <source>Examples per micro-batch, 1 to 65536; memory grows with it</source>
        <translation>마이크로배치당 예제 수, 1~65536. 클수록 메모리가 늘어납니다</translation>
    </message>
    <message>
        <source>Micro-batches per optimizer step, 1 to 65536: a larger effective batch without the memory of one</source>
        <translation>옵티마이저 스텝당 마이크로배치 수, 1~65536: 메모리를 더 쓰지 않고 유효 배치를 키웁니다</translation>
    </message>
    <message>
        <source>Steps over which the learning rate rises from 0, 0 up to the number of steps</source>
        <translation>학습률이 0에서 올라가는 스텝 수, 0부터 전체 스텝 수까지</translation>
    </message>
    <message>
        <source>Learning rate after warmup: constant, linear decay to 0, or cosine decay to 0</source>
        <translation>워밍업 후 학습률: 일정(constant), 0까지 선형 감소(linear), 0까지 코사인 감소(cosine)</translation>
    </message>
    <message>
        <source>Steps between validation evaluations (and one at the end), 1 or more</source>
        <translation>검증 평가 사이의 스텝 수(마지막에도 한 번 평가), 1 이상</translation>
    </message>
    <message>
        <source>Validation examples per evaluation, spread over the split; 0 = all</source>
        <translation>평가마다 쓰는 검증 예제 수(분할 전체에 고르게 분포). 0 = 전체</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Evaluations without improvement before a run stops early; 0 = never</source>
        <translation>개선 없이 이만큼 평가하면 실행을 일찍 멈춥니다. 0 = 멈추지 않음</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>Seed of initialisation, data order and dropout: the same seed gives the same run on the CPU; a whole number &gt;= 0</source>
        <translation>초기화, 데이터 순서, 드롭아웃의 시드: CPU에서는 같은 시드면 같은 실행 결과가 나옵니다. 0 이상의 정수</translation>
    </message>
    <message>
        <source>AdamW&apos;s decoupled weight decay, 0 to 10</source>
        <translation>AdamW의 분리된(decoupled) 가중치 감쇠, 0~10</translation>
    </message>
    <message>
        <source>Largest global gradient norm, &gt;= 0; 0 disables clipping</source>
        <translation>전역 그래디언트 노름의 최댓값, 0 이상. 0이면 클리핑하지 않습니다</translation>
    </message>
    <message>
        <source>Train every run this many times with seeds seed, seed+1, …: spread shows noise, 1 to 1000</source>
        <translation>모든 실행을 시드 seed, seed+1, …로 이 횟수만큼 학습합니다. 편차로 잡음을 볼 수 있습니다. 1~1000</translation>
    </message>
    <message>
        <source>Shared by every run</source>
        <translation>모든 실행 공통</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>스텝 수:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>배치 크기:</translation>
    </message>
    <message>
        <source>Gradient accumulation:</source>
        <translation>그래디언트 누적:</translation>
    </message>
    <message>
        <source>Warmup steps:</source>
        <translation>워밍업 스텝:</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>학습률 스케줄:</translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation>평가 간격:</translation>
    </message>
    <message>
        <source>Evaluation examples:</source>
        <translation>평가 예제 수:</translation>
    </message>
    <message>
        <source>Early stopping patience:</source>
        <translation>조기 종료 인내 횟수:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>시드:</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>가중치 감쇠:</translation>
    </message>
    <message>
        <source>Gradient clipping:</source>
        <translation>그래디언트 클리핑:</translation>
    </message>
    <message>
        <source>Repeats:</source>
        <translation>반복 횟수:</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>프리셋:</translation>
    </message>
    <message>
        <source>The experiment as the command line reads it (peftbench run FILE)</source>
        <translation>명령줄이 읽는 그대로의 실험(peftbench run FILE)</translation>
    </message>
    <message>
        <source>Save as YAML…</source>
        <translation>YAML로 저장…</translation>
    </message>
    <message>
        <source>Seed: &apos;%1&apos; is not allowed (allowed: a whole number in 0..%2)</source>
        <translation>시드: &apos;%1&apos;은(는) 허용되지 않습니다(허용: 0..%2의 정수)</translation>
    </message>
    <message>
        <source>Weight decay: &apos;%1&apos; is not allowed (allowed: a number &gt;= 0 and &lt;= 10)</source>
        <translation>가중치 감쇠: &apos;%1&apos;은(는) 허용되지 않습니다(허용: 0 이상 10 이하의 수)</translation>
    </message>
    <message>
        <source>Gradient clipping: &apos;%1&apos; is not allowed (allowed: a finite number &gt;= 0; 0 disables clipping)</source>
        <translation>그래디언트 클리핑: &apos;%1&apos;은(는) 허용되지 않습니다(허용: 0 이상의 유한한 수. 0이면 클리핑하지 않음)</translation>
    </message>
    <message>
        <source>Warmup steps: %1 is more than the %2 steps (allowed: 0..%2)</source>
        <translation>워밍업 스텝: %1은(는) 전체 %2 스텝보다 많습니다(허용: 0..%2)</translation>
    </message>
    <message>
        <source>Base model: none loaded; choose one on the first page.</source>
        <translation>베이스 모델: 불러온 모델이 없습니다. 첫 페이지에서 고르세요.</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>실험 저장</translation>
    </message>
    <message>
        <source>Experiment configs (*.yaml *.yml)</source>
        <translation>실험 설정 (*.yaml *.yml)</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardIa3Form</name>
    <message>
        <source>Learn a scaling vector, starting at 1, for the %1 projection of every block: on its output, or on its input for down (default k, v, down)</source>
        <translation>모든 블록의 %1 투영에 1에서 시작하는 스케일 벡터를 학습합니다: 출력에 곱하며, down은 입력에 곱합니다(기본값 k, v, down)</translation>
    </message>
    <message>
        <source>Scaled layers:</source>
        <translation>스케일 레이어:</translation>
    </message>
    <message>
        <source>%1: none chosen (allowed: at least one layer)</source>
        <translation>%1: 선택한 레이어가 없습니다(허용: 레이어 하나 이상)</translation>
    </message>
    <message>
        <source>scaled layers</source>
        <translation>스케일 레이어</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardLastLayersForm</name>
    <message>
        <source>Trained blocks N:</source>
        <translation>학습 블록 수 N:</translation>
    </message>
    <message>
        <source>How many of the last transformer blocks train, 1 up to the model&apos;s number of blocks (default %1); the blocks before them stay frozen. Several separated by commas sweep over them</source>
        <translation>마지막 트랜스포머 블록 중 몇 개를 학습할지, 1부터 모델의 블록 수까지(기본값 %1). 그 앞의 블록은 고정됩니다. 쉼표로 구분해 여러 값을 주면 스윕합니다</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>기본값: %1</translation>
    </message>
    <message>
        <source>Train the final norm and the output head too</source>
        <translation>최종 정규화와 출력 헤드도 학습</translation>
    </message>
    <message>
        <source>The head maps to the vocabulary; when it shares the token embedding (a tied head), the embedding trains with it, which costs many parameters</source>
        <translation>헤드는 어휘로 매핑합니다. 토큰 임베딩을 공유하는 헤드(묶인 헤드)라면 임베딩도 함께 학습하므로 파라미터가 많이 늘어납니다</translation>
    </message>
    <message>
        <source>a whole number in 1..%1 (the model&apos;s blocks)</source>
        <translation>1..%1의 정수(모델의 블록 수)</translation>
    </message>
    <message>
        <source>a whole number in 1..%1</source>
        <translation>1..%1의 정수</translation>
    </message>
    <message>
        <source>trained blocks</source>
        <translation>학습 블록 수</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardLoraForm</name>
    <message>
        <source>; several values separated by commas sweep over them</source>
        <translation>. 쉼표로 구분해 여러 값을 넣으면 각각 실행합니다(스윕)</translation>
    </message>
    <message>
        <source>Rank r:</source>
        <translation>랭크 r:</translation>
    </message>
    <message>
        <source>Rank of the update B·A: 1 up to the width of the narrowest adapted layer (default 8)</source>
        <translation>업데이트 B·A의 랭크: 1부터 적응하는 레이어 중 가장 좁은 레이어의 폭까지(기본값 8)</translation>
    </message>
    <message>
        <source>default: 8</source>
        <translation>기본값: 8</translation>
    </message>
    <message>
        <source>Alpha:</source>
        <translation>알파:</translation>
    </message>
    <message>
        <source>Scale of the update, applied as alpha/r (alpha/√r with rsLoRA); &gt; 0 (default 16)</source>
        <translation>업데이트의 배율, alpha/r로 적용(rsLoRA에서는 alpha/√r). 0보다 큼(기본값 16)</translation>
    </message>
    <message>
        <source>default: 16</source>
        <translation>기본값: 16</translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation>드롭아웃:</translation>
    </message>
    <message>
        <source>Dropout on the LoRA branch&apos;s input, 0 to below 1 (default 0.05)</source>
        <translation>LoRA 분기 입력에 적용하는 드롭아웃, 0 이상 1 미만(기본값 0.05)</translation>
    </message>
    <message>
        <source>default: 0.05</source>
        <translation>기본값: 0.05</translation>
    </message>
    <message>
        <source>Adapt the %1 projection of every block</source>
        <translation>모든 블록의 %1 투영에 어댑터를 적용합니다</translation>
    </message>
    <message>
        <source>Target layers:</source>
        <translation>대상 레이어:</translation>
    </message>
    <message>
        <source>rsLoRA scaling (alpha/√r)</source>
        <translation>rsLoRA 스케일링(alpha/√r)</translation>
    </message>
    <message>
        <source>Scale by alpha/√r instead of alpha/r, so higher ranks keep learning</source>
        <translation>alpha/r 대신 alpha/√r로 배율을 정해 랭크가 높아도 계속 학습되게 합니다</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>랭크</translation>
    </message>
    <message>
        <source>alpha</source>
        <translation>알파</translation>
    </message>
    <message>
        <source>a number &gt; 0</source>
        <translation>0보다 큰 수</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>a number &gt;= 0 and &lt; 1</source>
        <translation>0 이상 1 미만의 수</translation>
    </message>
    <message>
        <source>%1: none chosen (allowed: at least one layer)</source>
        <translation>%1: 선택한 레이어가 없습니다(허용: 레이어 하나 이상)</translation>
    </message>
    <message>
        <source>target layers</source>
        <translation>대상 레이어</translation>
    </message>
    <message>
        <source>Per-layer rank:</source>
        <translation>레이어별 랭크:</translation>
    </message>
    <message>
        <source>Ranks that differ from r for some target layers, as &quot;layer: rank&quot; pairs separated by commas, e.g. &quot;q: 16, v: 4&quot;; each layer a checked target, each rank 1..%1; empty: every layer uses r</source>
        <translation>일부 대상 레이어에 r과 다른 랭크를 &quot;레이어: 랭크&quot; 쌍으로 쉼표로 구분해 지정합니다. 예: &quot;q: 16, v: 4&quot;. 각 레이어는 체크된 대상이어야 하고 랭크는 1..%1입니다. 비우면 모든 레이어가 r을 씁니다</translation>
    </message>
    <message>
        <source>none: every layer uses r</source>
        <translation>없음: 모든 레이어가 r 사용</translation>
    </message>
    <message>
        <source>Kaiming-uniform A, zero B</source>
        <translation>Kaiming 균등 분포 A, 0인 B</translation>
    </message>
    <message>
        <source>Gaussian A, zero B</source>
        <translation>가우시안 A, 0인 B</translation>
    </message>
    <message>
        <source>PiSSA (principal singular vectors)</source>
        <translation>PiSSA(주요 특이 벡터)</translation>
    </message>
    <message>
        <source>How A and B start. Kaiming and Gaussian start the update at zero (the model starts as the base). PiSSA starts A and B from the weight&apos;s top-r singular vectors and trains the principal part: often faster to converge, at an SVD per layer before training</source>
        <translation>A와 B의 초기값. Kaiming과 가우시안은 업데이트를 0에서 시작합니다(모델은 베이스 그대로 시작). PiSSA는 가중치의 상위 r개 특이 벡터로 A와 B를 시작해 주요 부분을 학습합니다: 대개 더 빨리 수렴하지만 학습 전에 레이어마다 SVD가 필요합니다</translation>
    </message>
    <message>
        <source>Initialisation:</source>
        <translation>초기화:</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a &quot;layer: rank&quot; pair (allowed: layers q, k, v, o, up, gate, down, e.g. &quot;q: 16&quot;)</source>
        <translation>%1: &apos;%2&apos;은(는) &quot;레이어: 랭크&quot; 쌍이 아닙니다(허용: 레이어 q, k, v, o, up, gate, down, 예: &quot;q: 16&quot;)</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not an allowed rank for %3 (allowed: a whole number in 1..%4)</source>
        <translation>%1: &apos;%2&apos;은(는) %3에 허용되는 랭크가 아닙니다(허용: 1..%4의 정수)</translation>
    </message>
    <message>
        <source>%1: %2 is given twice (allowed: one rank per layer)</source>
        <translation>%1: %2이(가) 두 번 지정되었습니다(허용: 레이어당 랭크 하나)</translation>
    </message>
    <message>
        <source>a whole number in 1..%1</source>
        <translation>1..%1의 정수</translation>
    </message>
    <message>
        <source>per-layer rank</source>
        <translation>레이어별 랭크</translation>
    </message>
    <message>
        <source>%1: %2 is not a checked target layer (allowed: ranks for target layers only)</source>
        <translation>%1: %2은(는) 체크된 대상 레이어가 아닙니다(허용: 대상 레이어의 랭크만)</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardMethodForm</name>
    <message>
        <source>Run name:</source>
        <translation>실행 이름:</translation>
    </message>
    <message>
        <source>Shown in the runs table and charts; empty: generated from the method and swept values</source>
        <translation>실행 표와 차트에 표시됩니다. 비워 두면 방법과 스윕 값으로 만듭니다</translation>
    </message>
    <message>
        <source>generated, e.g. &quot;%1&quot;</source>
        <translation>자동 생성, 예: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>학습률:</translation>
    </message>
    <message>
        <source>AdamW&apos;s peak learning rate, a number &gt; 0 and &lt;= 10 (SPEC default %1); several separated by commas sweep over them</source>
        <translation>AdamW의 최대 학습률, 0보다 크고 10 이하인 수(SPEC 기본값 %1). 쉼표로 구분해 여러 값을 넣으면 각각 실행합니다(스윕)</translation>
    </message>
    <message>
        <source>default: the shared lr, else %1</source>
        <translation>기본값: 공통 학습률, 없으면 %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>The loaded config has %n more run(s) of this method; they are kept as written.</source>
        <translation>
            <numerusform>불러온 설정에 이 방법의 실행이 %n개 더 있습니다. 적힌 그대로 유지됩니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>a number &gt; 0 and &lt;= 10</source>
        <translation>0보다 크고 10 이하인 수</translation>
    </message>
    <message>
        <source>%1: %2 virtual tokens + max_length %3 exceed the model&apos;s context of %4 tokens (allowed: 1..%5, or a shorter max_length)</source>
        <translation>%1: 가상 토큰 %2개 + max_length %3이(가) 모델의 컨텍스트 %4 토큰을 넘습니다(허용: 1..%5, 또는 더 짧은 max_length)</translation>
    </message>
    <message>
        <source>%1: max_length %2 leaves no room for virtual tokens in the model&apos;s context of %3 tokens (allowed: max_length at most %4)</source>
        <translation>%1: max_length %2(으)로는 모델의 컨텍스트 %3 토큰에 가상 토큰이 들어갈 자리가 없습니다(허용: max_length 최대 %4)</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardMethodsPage</name>
    <message>
        <source>Methods</source>
        <translation>방법</translation>
    </message>
    <message>
        <source>Every chosen method fine-tunes the same model on the same data, so the comparison is fair.</source>
        <translation>고른 방법은 모두 같은 모델을 같은 데이터로 미세조정하므로 공정하게 비교할 수 있습니다.</translation>
    </message>
    <message>
        <source>Trains only a few virtual token embeddings prepended to every input; the model stays frozen.</source>
        <translation>모든 입력 앞에 붙는 가상 토큰 임베딩 몇 개만 학습합니다. 모델은 고정됩니다.</translation>
    </message>
    <message>
        <source>The fewest trainable parameters and the smallest adapter, but it learns slowest and needs a large learning rate; quality lags on small models.</source>
        <translation>학습 파라미터가 가장 적고 어댑터가 가장 작지만, 가장 느리게 배우고 큰 학습률이 필요합니다. 작은 모델에서는 품질이 뒤처집니다.</translation>
    </message>
    <message>
        <source>Trains a low-rank update B·A of chosen linear layers (attention q, v by default); the base stays frozen.</source>
        <translation>고른 선형 레이어(기본값은 어텐션 q, v)의 저랭크 업데이트 B·A를 학습합니다. 베이스 모델은 고정됩니다.</translation>
    </message>
    <message>
        <source>A small fraction of the parameters and optimizer memory with quality close to full fine-tuning; the rank bounds how much it can change.</source>
        <translation>파라미터와 옵티마이저 메모리는 일부만 쓰면서 품질은 전체 미세조정에 가깝습니다. 얼마나 바뀔 수 있는지는 랭크가 제한합니다.</translation>
    </message>
    <message>
        <source>Trains every parameter of the model.</source>
        <translation>모델의 모든 파라미터를 학습합니다.</translation>
    </message>
    <message>
        <source>Usually the best quality, but gradients and optimizer state for every weight cost the most memory, and it over-fits small datasets most easily.</source>
        <translation>대개 품질이 가장 좋지만, 모든 가중치의 그래디언트와 옵티마이저 상태 때문에 메모리가 가장 많이 들고 작은 데이터셋에서 가장 쉽게 과적합됩니다.</translation>
    </message>
    <message>
        <source>Choose at least one method.</source>
        <translation>방법을 하나 이상 고르세요.</translation>
    </message>
    <message>
        <source>Trains key and value vectors that every layer&apos;s attention sees before the input; the model stays frozen.</source>
        <translation>모든 레이어의 어텐션이 입력 앞에서 보는 키·값 벡터만 학습합니다. 모델은 고정됩니다.</translation>
    </message>
    <message>
        <source>Reaches every layer with few parameters, but the prefix takes context positions, every attention grows by it, and training is touchy without the projection.</source>
        <translation>적은 파라미터로 모든 레이어에 닿지만, 프리픽스가 컨텍스트 위치를 차지하고 모든 어텐션이 그만큼 커지며, 투영 없이는 학습이 불안정합니다.</translation>
    </message>
    <message>
        <source>Trains one scaling vector per chosen layer (keys, values and the MLP&apos;s down projection by default); the weights stay frozen.</source>
        <translation>선택한 레이어마다 스케일 벡터 하나를 학습합니다(기본값: 키, 값, MLP의 down 투영). 가중치는 고정됩니다.</translation>
    </message>
    <message>
        <source>Fewer parameters than LoRA and mergeable into the weights, but it can only rescale features, not learn new directions.</source>
        <translation>LoRA보다 파라미터가 적고 가중치에 병합할 수 있지만, 특징의 크기만 조절할 뿐 새로운 방향은 배우지 못합니다.</translation>
    </message>
    <message>
        <source>Trains only the bias terms (optionally the norms&apos; weights too); every weight matrix stays frozen.</source>
        <translation>바이어스 항만 학습합니다(선택적으로 정규화 가중치도). 모든 가중치 행렬은 고정됩니다.</translation>
    </message>
    <message>
        <source>Tiny and simple, but its reach is limited, and models without biases (Llama) have little or nothing to train.</source>
        <translation>아주 작고 단순하지만 표현력이 제한되며, 바이어스가 없는 모델(Llama)은 학습할 것이 거의 또는 전혀 없습니다.</translation>
    </message>
    <message>
        <source>LoRA&apos;s low-rank update for the direction of each weight plus a trained magnitude per output; the base stays frozen.</source>
        <translation>각 가중치의 방향에 대한 LoRA의 저랭크 업데이트와 출력별로 학습되는 크기. 베이스는 고정됩니다.</translation>
    </message>
    <message>
        <source>Often closer to full fine-tuning than LoRA at the same rank, but each step costs more time and activation memory (the weight&apos;s norm is recomputed).</source>
        <translation>같은 랭크에서 LoRA보다 전체 미세조정에 가까운 경우가 많지만, 스텝마다 시간과 활성값 메모리가 더 듭니다(가중치의 노름을 다시 계산).</translation>
    </message>
    <message>
        <source>Trains every parameter of the last N transformer blocks (optionally the head too); the earlier blocks stay frozen.</source>
        <translation>마지막 N개 트랜스포머 블록의 모든 파라미터를 학습합니다(선택적으로 헤드도). 앞쪽 블록은 고정됩니다.</translation>
    </message>
    <message>
        <source>Simple and needs no activations of the frozen blocks, but the early layers cannot adapt and each trained block is saved whole.</source>
        <translation>단순하고 고정된 블록의 활성값이 필요 없지만, 앞쪽 레이어는 적응하지 못하고 학습한 블록은 통째로 저장됩니다.</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardModelPage</name>
    <message>
        <source>Base model</source>
        <translation>베이스 모델</translation>
    </message>
    <message>
        <source>The pretrained model every run starts from. All methods fine-tune the same weights.</source>
        <translation>모든 실행이 출발하는 사전학습 모델입니다. 모든 방법이 같은 가중치를 미세조정합니다.</translation>
    </message>
    <message>
        <source>Built-in model</source>
        <translation>내장 모델</translation>
    </message>
    <message>
        <source>Models shipped inside the workbench, with the recipe that pretrained them</source>
        <translation>워크벤치에 들어 있는 모델로, 사전학습에 쓴 레시피도 함께 있습니다</translation>
    </message>
    <message>
        <source>Checkpoint file (.pwbc)</source>
        <translation>체크포인트 파일(.pwbc)</translation>
    </message>
    <message>
        <source>Path to a model checkpoint written by &apos;peftbench pretrain&apos;</source>
        <translation>&apos;peftbench pretrain&apos;이 만든 모델 체크포인트의 경로</translation>
    </message>
    <message>
        <source>A model file of ours (.pwbc); a relative path is read from the config&apos;s folder</source>
        <translation>워크벤치 형식의 모델 파일(.pwbc). 상대 경로는 설정 파일의 폴더를 기준으로 읽습니다</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Hugging Face folder</source>
        <translation>Hugging Face 폴더</translation>
    </message>
    <message>
        <source>Folder with config.json, model.safetensors and tokenizer.json</source>
        <translation>config.json, model.safetensors, tokenizer.json이 있는 폴더</translation>
    </message>
    <message>
        <source>A local GPT-2, Llama (SmolLM, TinyLlama) or Qwen2 model folder; a relative path is read from the config&apos;s folder. Pickle weights (.bin, .pt) are refused.</source>
        <translation>로컬 GPT-2, Llama(SmolLM, TinyLlama) 또는 Qwen2 모델 폴더. 상대 경로는 설정 파일의 폴더를 기준으로 읽습니다. 피클 가중치(.bin, .pt)는 거부합니다.</translation>
    </message>
    <message>
        <source>Selected model</source>
        <translation>선택한 모델</translation>
    </message>
    <message>
        <source>Family:</source>
        <translation>계열:</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>레이어 수:</translation>
    </message>
    <message>
        <source>Width (d_model):</source>
        <translation>폭(d_model):</translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation>어텐션 헤드 수:</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>파라미터 수:</translation>
    </message>
    <message>
        <source>Context length:</source>
        <translation>컨텍스트 길이:</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>어휘:</translation>
    </message>
    <message>
        <source>Open model checkpoint</source>
        <translation>모델 체크포인트 열기</translation>
    </message>
    <message>
        <source>Model checkpoints (*.pwbc);;All files (*)</source>
        <translation>모델 체크포인트 (*.pwbc);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open Hugging Face model folder</source>
        <translation>Hugging Face 모델 폴더 열기</translation>
    </message>
    <message>
        <source>Choose a model checkpoint file.</source>
        <translation>모델 체크포인트 파일을 고르세요.</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder.</source>
        <translation>Hugging Face 모델 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>A Hugging Face %1 model (weights: %2).</source>
        <translation>Hugging Face %1 모델(가중치: %2).</translation>
    </message>
    <message>
        <source>%1 (%2 key/value)</source>
        <translation>%1(키/값 %2)</translation>
    </message>
    <message>
        <source>%1 M (%2)</source>
        <translation>%1 M(%2)</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 토큰</translation>
    </message>
    <message>
        <source>%1 tokens (%2 tokenizer)</source>
        <translation>%1 토큰(%2 토크나이저)</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardPrefixTuningForm</name>
    <message>
        <source>Prefix length:</source>
        <translation>프리픽스 길이:</translation>
    </message>
    <message>
        <source>Trainable key and value vectors every layer&apos;s attention sees before the input: 1..%1, and with max_length within the model&apos;s context (default %2); every attention grows by them. Several separated by commas sweep over them</source>
        <translation>모든 레이어의 어텐션이 입력 앞에서 보는 학습 가능한 키·값 벡터 수: 1..%1이며 max_length와 합쳐 모델의 컨텍스트 안이어야 합니다(기본값 %2). 모든 어텐션이 그만큼 커집니다. 쉼표로 구분해 여러 값을 주면 스윕합니다</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>기본값: %1</translation>
    </message>
    <message>
        <source>Train through a projection MLP</source>
        <translation>투영 MLP를 거쳐 학습</translation>
    </message>
    <message>
        <source>Train an embedding and a two-layer MLP that produce the prefixes (more stable, as in the prefix-tuning paper, but many more trainable parameters); only the prefixes are kept at the end</source>
        <translation>프리픽스를 만드는 임베딩과 2층 MLP를 학습합니다(프리픽스 튜닝 논문처럼 더 안정적이지만 학습 파라미터가 훨씬 많음). 끝나면 프리픽스만 남깁니다</translation>
    </message>
    <message>
        <source>Projection width:</source>
        <translation>투영 너비:</translation>
    </message>
    <message>
        <source>Hidden width of the projection MLP: 1..%1 (default %2); several separated by commas sweep over them</source>
        <translation>투영 MLP의 은닉 너비: 1..%1(기본값 %2). 쉼표로 구분해 여러 값을 주면 스윕합니다</translation>
    </message>
    <message>
        <source>prefix length</source>
        <translation>프리픽스 길이</translation>
    </message>
    <message>
        <source>a whole number in 1..%1</source>
        <translation>1..%1의 정수</translation>
    </message>
    <message>
        <source>projection width</source>
        <translation>투영 너비</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardPromptTuningForm</name>
    <message>
        <source>Virtual tokens:</source>
        <translation>가상 토큰 수:</translation>
    </message>
    <message>
        <source>How many trainable embeddings are prepended to every input: 1 or more, and with max_length within the model&apos;s context (default 20); several separated by commas sweep over them</source>
        <translation>모든 입력 앞에 붙는 학습 가능한 임베딩 수: 1 이상이며 max_length와 합쳐 모델의 컨텍스트 이내(기본값 20). 쉼표로 구분해 여러 값을 넣으면 각각 실행합니다(스윕)</translation>
    </message>
    <message>
        <source>default: 20</source>
        <translation>기본값: 20</translation>
    </message>
    <message>
        <source>Sampled vocabulary embeddings</source>
        <translation>어휘 임베딩 샘플링</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>From a text</source>
        <translation>텍스트에서</translation>
    </message>
    <message>
        <source>How the virtual tokens start: copies of random vocabulary embeddings (default), small random vectors, or the embeddings of a text describing the task</source>
        <translation>가상 토큰의 초기값: 무작위로 고른 어휘 임베딩의 복사본(기본값), 작은 무작위 벡터, 또는 작업을 설명하는 텍스트의 임베딩</translation>
    </message>
    <message>
        <source>Initialisation:</source>
        <translation>초기화:</translation>
    </message>
    <message>
        <source>Init text:</source>
        <translation>초기화 텍스트:</translation>
    </message>
    <message>
        <source>With initialisation from a text: the text whose token embeddings start the virtual tokens, e.g. &quot;Classify this mail as spam or ham&quot;</source>
        <translation>텍스트로 초기화할 때: 그 토큰 임베딩으로 가상 토큰을 시작할 텍스트, 예: &quot;Classify this mail as spam or ham&quot;</translation>
    </message>
    <message>
        <source>virtual tokens</source>
        <translation>가상 토큰</translation>
    </message>
    <message>
        <source>a whole number in 1..4096</source>
        <translation>1..4096의 정수</translation>
    </message>
    <message>
        <source>%1: empty (allowed: a non-empty text when initialising from a text)</source>
        <translation>%1: 비어 있습니다(허용: 텍스트로 초기화할 때는 비어 있지 않은 텍스트)</translation>
    </message>
    <message>
        <source>init text</source>
        <translation>초기화 텍스트</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardResourcesPage</name>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1분 %2초</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>리소스</translation>
    </message>
    <message>
        <source>Where the runs train, and what each will cost — estimated from the model&apos;s shape before launch.</source>
        <translation>실행을 어디서 학습하는지, 각 실행에 얼마나 드는지를 시작 전에 모델의 형태로 추정합니다.</translation>
    </message>
    <message>
        <source>auto: the first CUDA device when there is one, else the CPU</source>
        <translation>auto: CUDA 장치가 있으면 첫 번째 장치, 없으면 CPU</translation>
    </message>
    <message>
        <source>Automatic (CUDA when present, else CPU)</source>
        <translation>자동(CUDA가 있으면 CUDA, 없으면 CPU)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA %1: %2 (%3 VRAM)</source>
        <translation>CUDA %1: %2(VRAM %3)</translation>
    </message>
    <message>
        <source>one per core (%1)</source>
        <translation>코어마다 하나(%1)</translation>
    </message>
    <message>
        <source>Intra-op threads for each run, 0 to 1024; 0 uses one per core</source>
        <translation>실행마다 쓰는 연산 내부(intra-op) 스레드 수, 0~1024. 0이면 코어마다 하나</translation>
    </message>
    <message>
        <source>MiB above the runtime</source>
        <translation>런타임 외 추가 MiB</translation>
    </message>
    <message>
        <source>What each run adds at its peak on top of the runtime and libraries, which every run shares</source>
        <translation>모든 실행이 공유하는 런타임과 라이브러리 위에 각 실행이 최대로 더하는 메모리</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>장치:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>스레드:</translation>
    </message>
    <message>
        <source>%1 (not present here)</source>
        <translation>%1(이 컴퓨터에 없음)</translation>
    </message>
    <message>
        <source>No base model loaded: nothing to estimate.</source>
        <translation>불러온 베이스 모델이 없어 추정할 것이 없습니다.</translation>
    </message>
    <message>
        <source>Estimated for %1 with %2 thread(s); free %3: %4.</source>
        <translation>%1, 스레드 %2개 기준 추정. 사용 가능한 %3: %4.</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>the CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>VRAM</source>
        <translation>VRAM</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>그래디언트</translation>
    </message>
    <message>
        <source>Optimizer state</source>
        <translation>옵티마이저 상태</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>활성값</translation>
    </message>
    <message>
        <source>Peak %1</source>
        <translation>최대 %1</translation>
    </message>
    <message>
        <source>Time per step</source>
        <translation>스텝당 시간</translation>
    </message>
    <message>
        <source>Time for the run</source>
        <translation>실행 전체 시간</translation>
    </message>
    <message>
        <source>Includes %1 for the runtime and libraries</source>
        <translation>런타임과 라이브러리 몫 %1 포함</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>gradients</source>
        <translation>그래디언트</translation>
    </message>
    <message>
        <source>optimizer state</source>
        <translation>옵티마이저 상태</translation>
    </message>
    <message>
        <source>activations</source>
        <translation>활성값</translation>
    </message>
    <message>
        <source>Activation checkpointing: less memory, one more forward pass per step</source>
        <translation>활성화 체크포인팅: 메모리는 줄고, 스텝마다 순전파를 한 번 더 합니다</translation>
    </message>
    <message>
        <source>Keep only each block&apos;s input during the forward pass and recompute the block in the backward pass (train.gradient_checkpointing). Same losses; activations shrink to about one block&apos;s worth.</source>
        <translation>순전파 중에는 각 블록의 입력만 보관하고 역전파 때 블록을 다시 계산합니다(train.gradient_checkpointing). 손실은 같고, 활성화 메모리는 블록 하나 분량 정도로 줄어듭니다.</translation>
    </message>
    <message>
        <source>Peak memory = runtime baseline + weights + gradients + optimizer state + activations + allocator reserve</source>
        <translation>최대 메모리 = 런타임 기본 + 가중치 + 그래디언트 + 옵티마이저 상태 + 활성값 + 할당자 예비분</translation>
    </message>
    <message>
        <source>Allocator reserve</source>
        <translation>할당자 예비분</translation>
    </message>
    <message>
        <source>Freed blocks the allocator keeps mapped so the next steps reuse them without page faults</source>
        <translation>해제된 블록을 할당자가 매핑한 채로 두어 다음 스텝이 페이지 폴트 없이 다시 씁니다</translation>
    </message>
    <message>
        <source>allocator reserve</source>
        <translation>할당자 예비분</translation>
    </message>
</context>
<context>
    <name>peftbench::WizardSummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>What will run. Launch queues every run; they train one after another.</source>
        <translation>실행될 내용입니다. 시작하면 모든 실행을 대기열에 넣고 하나씩 차례로 학습합니다.</translation>
    </message>
    <message>
        <source>Groups the runs in the runs table and in reports; empty: made from the dataset and methods</source>
        <translation>실행 표와 보고서에서 실행들을 묶는 이름입니다. 비워 두면 데이터셋과 방법으로 만듭니다</translation>
    </message>
    <message>
        <source>Every run the experiment expands to, in queue order</source>
        <translation>실험이 펼쳐지는 모든 실행(대기열 순서)</translation>
    </message>
    <message>
        <source>Experiment name:</source>
        <translation>실험 이름:</translation>
    </message>
    <message>
        <source>%1 — %2, lr %3, seed %4</source>
        <translation>%1 — %2, 학습률 %3, 시드 %4</translation>
    </message>
    <message numerus="yes">
        <source>Base model: %1
Dataset: %2 (%3, max_length %4)
%n run(s):</source>
        <translation>
            <numerusform>베이스 모델: %1
데이터셋: %2(%3, max_length %4)
실행 %n개:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>peftbench::WizardTargetLayers</name>
    <message>
        <source>The SwiGLU gate projection: only Llama-family models have it</source>
        <translation>SwiGLU 게이트 투영: Llama 계열 모델에만 있습니다</translation>
    </message>
</context>
</TS>
